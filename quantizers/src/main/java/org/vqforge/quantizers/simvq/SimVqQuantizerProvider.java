package org.vqforge.quantizers.simvq;

import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.quantizers.common.NearestCode;

/** The {@code simvq} plugin: {@link SimVqQuantizer}. */
@Plugin(name = "simvq", description = "SimVQ (Zhu et al. 2024): a frozen random codebook basis times a learned "
        + "linear map, C = E W + b, so every code moves at each step; VQ-VAE's nearest code, codebook + "
        + "commitment losses and straight-through gradients")
public final class SimVqQuantizerProvider implements QuantizerProvider {

    public static final String CODEBOOK_SIZE = "codebookSize";
    public static final String BETA = "beta";

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(CODEBOOK_SIZE, 512, 1, null, "number of codes K (rows of the frozen basis E, N(0, 1/D))")
            .real(BETA, 0.25, 0.0, null, "weight of the commitment loss beta * mean((z - sg(q))^2); the codebook "
                    + "loss mean((q - sg(z))^2), which trains W and b, has weight 1")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public Quantizer create(Parameters params, int dimension, BuildContext context) {
        return new SimVqQuantizer(dimension, params.getInt(CODEBOOK_SIZE), params.getDouble(BETA),
                NearestCode.of(context));
    }
}

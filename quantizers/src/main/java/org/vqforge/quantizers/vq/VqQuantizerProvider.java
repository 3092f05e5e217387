package org.vqforge.quantizers.vq;

import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;

/** The {@code vq} plugin: {@link VqQuantizer}. */
@Plugin(name = "vq", description = "Nearest-code vector quantization with a learned codebook, "
        + "codebook + commitment losses and straight-through gradients (VQ-VAE)")
public final class VqQuantizerProvider implements QuantizerProvider {

    public static final String CODEBOOK_SIZE = "codebookSize";
    public static final String BETA = "beta";

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(CODEBOOK_SIZE, 512, 1, null, "number of codes K")
            .real(BETA, 0.25, 0.0, null, "weight of the commitment loss beta * mean((z - sg(e))^2)")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public Quantizer create(Parameters params, int dimension, BuildContext context) {
        return new VqQuantizer(dimension, params.getInt(CODEBOOK_SIZE), params.getDouble(BETA));
    }
}

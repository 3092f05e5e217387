package org.vqforge.quantizers.vq;

import java.util.List;
import java.util.Locale;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.quantizers.common.CodebookOptions;
import org.vqforge.quantizers.common.NearestCode;
import org.vqforge.quantizers.vq.VqOptions.Distance;

/** The {@code vq} plugin: {@link VqQuantizer}. */
@Plugin(name = "vq", description = "Nearest-code vector quantization with a learned codebook, "
        + "codebook + commitment losses and straight-through gradients (VQ-VAE); optional cosine "
        + "distance, factorised codes, k-means init, dead-code restart and the rotation trick")
public final class VqQuantizerProvider implements QuantizerProvider {

    public static final String CODEBOOK_SIZE = "codebookSize";
    public static final String BETA = "beta";
    public static final String DISTANCE = "distance";
    public static final String CODEBOOK_DIM = "codebookDim";
    public static final String ROTATION_TRICK = "rotationTrick";

    private static final ParameterSchema SCHEMA = CodebookOptions.declare(ParameterSchema.builder()
                    .integer(CODEBOOK_SIZE, 512, 1, null, "number of codes K")
                    .real(BETA, 0.25, 0.0, null, "weight of the commitment loss beta * mean((z - sg(e))^2)")
                    .choice(DISTANCE, "l2", List.of("l2", "cosine"), "nearest code by squared Euclidean "
                            + "distance (l2), or by angle (cosine: latents and codes are l2-normalised and "
                            + "the quantizer, its losses and its output work on the unit vectors)")
                    .integer(CODEBOOK_DIM, 0, 0, null, "0: codes have the latents' D channels; else the "
                            + "latents are mapped to this many channels by a learned 1x1 linear map, "
                            + "quantized there against a (K, codebookDim) codebook, and mapped back by another"),
                    "uniform", "codes uniform in (-1/K, 1/K), as the reference",
                    "the moving average, decay " + VqQuantizer.USAGE_DECAY + ", of how many vectors of each "
                            + "batch chose the code; it starts at the threshold")
            .bool(ROTATION_TRICK, false, "false: straight-through gradient z + sg(q - z); true: the "
                    + "rotation trick (Fifty et al. 2024), sg(||q||/||z|| R) z with R the rotation "
                    + "taking z's direction to q's, rotation and scale constant in the backward pass")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public Quantizer create(Parameters params, int dimension, BuildContext context) {
        VqOptions options = new VqOptions(
                Distance.valueOf(params.getString(DISTANCE).toUpperCase(Locale.ROOT)),
                params.getInt(CODEBOOK_DIM),
                CodebookOptions.from(params),
                params.getBoolean(ROTATION_TRICK));
        return new VqQuantizer(dimension, params.getInt(CODEBOOK_SIZE), params.getDouble(BETA), options,
                NearestCode.of(context));
    }
}

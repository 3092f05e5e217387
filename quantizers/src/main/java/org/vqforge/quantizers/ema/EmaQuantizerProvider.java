package org.vqforge.quantizers.ema;

import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.quantizers.common.CodebookOptions;
import org.vqforge.quantizers.common.NearestCode;

/** The {@code ema} plugin: {@link EmaQuantizer}. */
@Plugin(name = "ema", description = "Vector quantization whose codebook is an exponential moving average "
        + "of the encoder outputs assigned to each code (Laplace-smoothed counts), commitment loss only; "
        + "optional k-means init and dead-code restart")
public final class EmaQuantizerProvider implements QuantizerProvider {

    public static final String CODEBOOK_SIZE = "codebookSize";
    public static final String BETA = "beta";
    public static final String DECAY = "decay";
    public static final String EPS = "eps";

    private static final ParameterSchema SCHEMA = CodebookOptions.declare(ParameterSchema.builder()
                    .integer(CODEBOOK_SIZE, 512, 1, null, "number of codes K")
                    .real(BETA, 0.25, 0.0, null, "weight of the commitment loss beta * mean((z - sg(e))^2), "
                            + "the only loss term")
                    .realExclusive(DECAY, 0.99, 0.0, 1.0, "g: N_k <- g N_k + (1-g) n_k and M_k <- g M_k + "
                            + "(1-g) (sum of the z assigned to k), after each training batch")
                    .positive(EPS, 1e-5, null, "Laplace smoothing: e_k = M_k / ((N_k + eps) / (n + K eps) * n), "
                            + "n = sum of N"),
                    "normal", "codes N(0, 1), moving sums M a copy of them, cluster sizes N zero (as the "
                            + "PyTorch peer)",
                    "the cluster size N_k: the moving average, decay g, of how many vectors of each batch "
                            + "chose the code")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public Quantizer create(Parameters params, int dimension, BuildContext context) {
        return new EmaQuantizer(dimension, params.getInt(CODEBOOK_SIZE), params.getDouble(BETA),
                params.getDouble(DECAY), params.getDouble(EPS), CodebookOptions.from(params),
                NearestCode.of(context));
    }
}

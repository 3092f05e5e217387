package org.vqforge.quantizers.lfq;

import java.util.List;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;

/** The {@code lfq} plugin: {@link LfqQuantizer}. */
@Plugin(name = "lfq", description = "Lookup-free quantization (MAGVIT-v2): sign of each of codebookBits "
        + "channels, implicit codebook of 2^codebookBits codes, entropy and commitment losses; latents "
        + "with other than codebookBits channels are projected in and out by learned 1x1 maps")
public final class LfqQuantizerProvider implements QuantizerProvider {

    public static final String CODEBOOK_BITS = "codebookBits";
    public static final String ENTROPY_WEIGHT = "entropyWeight";
    public static final String COMMITMENT_WEIGHT = "commitmentWeight";
    public static final String GAMMA = "gamma";
    public static final String TEMPERATURE = "temperature";

    /**
     * The entropy loss holds the full distribution over all 2^bits codes for every latent vector
     * of a batch, N x 2^bits floats, several times over (logits, log-probabilities, probabilities,
     * and their gradients). At 14 bits that is 64 KiB per vector per array: 411 MB per array for
     * the reference batch (128 images of 7 x 7 latents, N = 6,272) and 1.6 GB for an evaluation
     * batch of 500. Larger codebooks are refused.
     */
    public static final int MAX_BITS = 14;

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(CODEBOOK_BITS, 9, 1, 30, "bits per code; the codebook has 2^codebookBits codes "
                    + "(at most " + MAX_BITS + " bits: the entropy loss holds N x 2^bits probabilities)")
            .real(ENTROPY_WEIGHT, 0.1, 0.0, null, "weight of the entropy loss")
            .real(COMMITMENT_WEIGHT, 0.25, 0.0, null, "weight of the commitment loss mean((z - sg(q))^2)")
            .real(GAMMA, 1.0, 0.0, null, "weight of the codebook (batch) entropy inside the entropy loss")
            .positive(TEMPERATURE, 0.01, null, "temperature of the code distribution softmax(2 z.c / t)")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public List<ConfigProblem> check(Parameters params, ModelShapes shapes) {
        int bits = params.getInt(CODEBOOK_BITS);
        if (bits > MAX_BITS) {
            long floatsPerVector = 1L << bits;
            return List.of(new ConfigProblem(CODEBOOK_BITS, bits + " bits means 2^" + bits + " = " + floatsPerVector
                    + " codes, and the entropy loss needs the distribution over all of them for every latent "
                    + "vector (" + humanBytes(4 * floatsPerVector) + " per vector per array, "
                    + humanBytes(4 * floatsPerVector * 6272) + " per array for 128 images of 7x7 latents); "
                    + "lower codebookBits to at most " + MAX_BITS + " (" + (1 << MAX_BITS) + " codes)"));
        }
        return List.of();
    }

    private static String humanBytes(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    @Override
    public Quantizer create(Parameters params, int dimension, BuildContext context) {
        return new LfqQuantizer(dimension, new LfqQuantizer.Settings(params.getInt(CODEBOOK_BITS),
                params.getDouble(ENTROPY_WEIGHT), params.getDouble(COMMITMENT_WEIGHT), params.getDouble(GAMMA),
                params.getDouble(TEMPERATURE)));
    }
}

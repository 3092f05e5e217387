package org.vqforge.quantizers.common;

import java.util.List;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;

/**
 * The codebook maintenance options that the learned-codebook quantizers share: k-means
 * initialisation on the first training batch and dead-code restart.
 *
 * @param kmeans initialise the codebook with k-means on the first training batch
 * @param kmeansIterations Lloyd iterations after k-means++ seeding
 * @param deadCodeThreshold restart codes whose running usage (an exponential moving average of how
 *     many vectors of a batch chose the code) falls below it; 0 turns restarts off
 */
public record CodebookOptions(boolean kmeans, int kmeansIterations, double deadCodeThreshold) {

    public static final String INIT = "init";
    public static final String KMEANS = "kmeans";
    public static final String KMEANS_ITERATIONS = "kmeansIterations";
    public static final String DEAD_CODE_THRESHOLD = "deadCodeThreshold";
    public static final int DEFAULT_KMEANS_ITERATIONS = 10;

    public CodebookOptions {
        if (kmeansIterations < 0 || !(deadCodeThreshold >= 0)) {
            throw new IllegalArgumentException("need kmeansIterations >= 0 and deadCodeThreshold >= 0; got "
                    + kmeansIterations + ", " + deadCodeThreshold);
        }
    }

    /** Random initialisation, no restarts. */
    public static CodebookOptions none() {
        return new CodebookOptions(false, DEFAULT_KMEANS_ITERATIONS, 0);
    }

    /** Whether dead-code restart is on. */
    public boolean restartsDeadCodes() {
        return deadCodeThreshold > 0;
    }

    /**
     * Declares {@code init}, {@code kmeansIterations} and {@code deadCodeThreshold}.
     *
     * @param randomInit the name of the quantizer's random initialisation, the default of {@code init}
     * @param randomInitDoc what that random initialisation is
     * @param usageDoc what the running usage compared with the threshold is
     */
    public static ParameterSchema.Builder declare(
            ParameterSchema.Builder schema, String randomInit, String randomInitDoc, String usageDoc) {
        return schema
                .choice(INIT, randomInit, List.of(randomInit, KMEANS), randomInit + ": " + randomInitDoc
                        + "; kmeans: k-means (k-means++ seeding, then " + KMEANS_ITERATIONS
                        + " Lloyd iterations) on the encoder outputs of the first training batch, once "
                        + "(a flag in the checkpoint keeps a resumed run from repeating it)")
                .integer(KMEANS_ITERATIONS, DEFAULT_KMEANS_ITERATIONS, 0, null,
                        "Lloyd iterations of the k-means initialisation (0: the k-means++ seeds)")
                .real(DEAD_CODE_THRESHOLD, 0.0, 0.0, null,
                        "after each training step, codes whose running usage (" + usageDoc + ") is below "
                        + "this move to random encoder outputs of the batch, their usage set to this; 0: off");
    }

    /** The options from validated parameters of a schema made with {@link #declare}. */
    public static CodebookOptions from(Parameters params) {
        return new CodebookOptions(KMEANS.equals(params.getString(INIT)), params.getInt(KMEANS_ITERATIONS),
                params.getDouble(DEAD_CODE_THRESHOLD));
    }
}

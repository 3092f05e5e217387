package org.vqforge.quantizers.lfq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.vqforge.api.plugin.EngineConstants;

/**
 * MAGVIT-v2's entropy penalty over the full implicit codebook. For each latent z the code
 * distribution is p(c|z) = softmax over all codes c of 2 z.c / temperature (the softmax of
 * -||z - c||^2 / temperature, since ||c||^2 is the same for every code). The penalty is the mean
 * per-vector entropy (low: each vector commits to a code) minus gamma times the entropy of the
 * mean distribution (high: the batch spreads over the codebook).
 */
public final class LfqEntropy {

    /** Keeps log finite where the mean probability underflows to 0 (the term is 0 there anyway). */
    private static final float TINY = 1e-30f;

    private LfqEntropy() {}

    /**
     * The two entropies of a batch, in nats.
     *
     * @param perVector mean over the vectors of H(p(.|z))
     * @param codebook H(mean over the vectors of p(.|z))
     */
    public record Entropies(NDArray perVector, NDArray codebook) {

        /** perVector - gamma * codebook. */
        public NDArray penalty(double gamma) {
            try (NDArray g = EngineConstants.scalar(codebook.getManager(), gamma)) {
                return perVector.sub(codebook.mul(g));
            }
        }
    }

    /**
     * @param z (N, bits), the latents before sign quantization
     * @param codesByColumn (bits, 2^bits), every code as a column
     * @param temperature the softmax temperature, > 0
     */
    public static Entropies of(NDArray z, NDArray codesByColumn, double temperature) {
        NDManager m = z.getManager();
        // constants saved for the backward pass live in engine memory (see EngineConstants)
        try (NDArray scale = EngineConstants.scalar(m, 2 / temperature);
                NDArray tiny = EngineConstants.scalar(m, TINY)) {
            NDArray logits = z.matMul(codesByColumn).mul(scale);
            NDArray logP = logits.logSoftmax(1);
            NDArray p = logP.exp();
            NDArray perVector = p.mul(logP).sum(new int[] {1}).mean().neg();
            NDArray mean = p.mean(new int[] {0});
            NDArray codebook = mean.mul(mean.maximum(tiny).log()).sum().neg();
            return new Entropies(perVector, codebook);
        }
    }
}

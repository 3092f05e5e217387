package org.vqforge.runner.prior;

import ai.djl.ndarray.NDArray;

/** The cross-entropy of next-token logits against the tokens themselves, per token. */
final class CrossEntropy {

    private CrossEntropy() {}

    /**
     * The mean negative log-likelihood in nats per token.
     *
     * @param logits (B, L, K): position s predicts token s
     * @param tokens (B, L) integers in [0, K)
     */
    static NDArray meanNats(NDArray logits, NDArray tokens) {
        NDArray picked = logits.logSoftmax(-1).gather(tokens.toType(ai.djl.ndarray.types.DataType.INT64, false)
                .expandDims(-1), -1);
        return picked.mean().neg();
    }

    /** Nats to bits. */
    static double bits(double nats) {
        return nats / Math.log(2);
    }
}

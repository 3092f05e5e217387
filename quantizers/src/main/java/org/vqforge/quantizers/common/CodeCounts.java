package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** How many rows chose each code, on the device. */
public final class CodeCounts {

    private CodeCounts() {}

    /** The (N, K) one-hot assignment matrix of int64 indices of any shape (flattened, N = their count). */
    public static NDArray oneHot(NDArray indices, int codebookSize) {
        return indices.reshape(-1).oneHot(codebookSize, DataType.FLOAT32);
    }

    /** The (K) float counts of int64 indices of any shape. */
    public static NDArray of(NDArray indices, int codebookSize) {
        try (NDArray oneHot = oneHot(indices, codebookSize)) {
            return oneHot.sum(new int[] {0});
        }
    }
}

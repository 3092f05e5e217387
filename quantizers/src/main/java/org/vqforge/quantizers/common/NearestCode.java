package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;

/** Nearest-code search and code lookup for codebooks of shape (K, D). */
public final class NearestCode {

    private NearestCode() {}

    /**
     * The index of the nearest code (squared Euclidean distance) of each row, as argmin of
     * ||z||^2 - 2 z.e + ||e||^2, which needs one (N, D) x (D, K) product. Nothing here is
     * differentiated, so the search runs on detached copies and records no graph.
     *
     * @param rows (N, D)
     * @param codebook (K, D)
     * @return (N) int64 indices, on the rows' manager
     */
    public static NDArray search(NDArray rows, NDArray codebook) {
        NDManager step = rows.getManager();
        // ops led by the codebook would land on its long-lived manager, so it goes first onto the step's
        try (NDArray codes = onStep(codebook.stopGradient(), step);
                NDArray z = rows.stopGradient();
                NDArray codeNorms = codes.square().sum(new int[] {1});
                NDArray rowNorms = z.square().sum(new int[] {1}, true);
                NDArray cross = z.matMul(codes.transpose());
                NDArray distances = rowNorms.sub(cross.muli(2)).addi(codeNorms)) {
            return distances.argMin(1);
        }
    }

    /**
     * The codes at {@code indices}, differentiable with respect to the codebook (each chosen
     * code receives the sum of its rows' gradients).
     *
     * @param indices int64 of any shape S
     * @param codebook (K, D)
     * @return shape S + (D), on the indices' manager
     */
    public static NDArray lookup(NDArray indices, NDArray codebook) {
        return indices.getNDArrayInternal().embedding(indices, codebook, SparseFormat.DENSE).singletonOrThrow();
    }

    /** Moves {@code array} onto the step's manager and returns it. */
    private static NDArray onStep(NDArray array, NDManager step) {
        array.attach(step);
        return array;
    }
}

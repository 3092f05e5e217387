package org.vqforge.api.backend;

import ai.djl.ndarray.NDArray;

/**
 * Finds the nearest code of each row. Quantizers search with the engine's matrix product and
 * argmax unless their backend offers a faster search through {@link Backend#nearestCodeSearch()};
 * every implementation must give what that engine search gives.
 */
@FunctionalInterface
public interface NearestCodeSearch {

    /**
     * The index of the nearest code of each row by squared Euclidean distance; ties go to the
     * lowest index. Nothing is differentiated: no graph is recorded and the inputs' gradients are
     * untouched.
     *
     * @param rows (N, D) float32
     * @param codebook (K, D) float32
     * @return (N) int64 indices, on the rows' manager
     */
    NDArray nearest(NDArray rows, NDArray codebook);

    /**
     * The shape check every implementation makes first.
     *
     * @throws IllegalArgumentException unless rows are (N, D) and the codebook (K, D)
     */
    static void requireRowsAndCodebook(NDArray rows, NDArray codebook) {
        if (rows.getShape().dimension() != 2 || codebook.getShape().dimension() != 2
                || rows.getShape().get(1) != codebook.getShape().get(1)) {
            throw new IllegalArgumentException("expected rows (N, D) and a codebook (K, D), got "
                    + rows.getShape() + " and " + codebook.getShape());
        }
    }
}

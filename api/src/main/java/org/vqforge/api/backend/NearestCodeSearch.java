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
}

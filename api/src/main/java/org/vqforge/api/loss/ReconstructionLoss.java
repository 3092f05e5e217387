package org.vqforge.api.loss;

import ai.djl.ndarray.NDArray;

/** Distance between reconstructions and targets (pixel or feature space). */
public non-sealed interface ReconstructionLoss extends Loss {

    /**
     * @param reconstruction decoder output (B, C, H, W)
     * @param target the input images (B, C, H, W)
     * @return a scalar, averaged over the batch, unweighted (the runner applies the weight)
     */
    NDArray compute(NDArray reconstruction, NDArray target);
}

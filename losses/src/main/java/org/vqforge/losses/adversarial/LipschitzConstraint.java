package org.vqforge.losses.adversarial;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import org.vqforge.api.loss.DiscriminatorBatch;

/** How a Wasserstein critic is kept (roughly) 1-Lipschitz. */
interface LipschitzConstraint {

    /** A term added to the critic's loss (a scalar), or null for none. */
    NDArray penalty(DiscriminatorBatch batch);

    /** Applied after each critic optimiser step. */
    void afterStep(Block critic);
}

package org.vqforge.api.loss;

import ai.djl.ndarray.NDArray;

/** A GAN objective: one loss for the discriminator, one for the generator. */
public non-sealed interface AdversarialLoss extends Loss {

    /** The discriminator's loss (a scalar), including any penalty it defines. */
    NDArray discriminatorLoss(DiscriminatorBatch batch);

    /** The generator's loss (a scalar) from the discriminator's logits on reconstructions. */
    NDArray generatorLoss(NDArray fakeLogits);

    /**
     * Called after each discriminator optimiser step, for constraints applied to its weights
     * (e.g. Wasserstein weight clipping). Does nothing by default.
     */
    default void afterDiscriminatorStep(ai.djl.nn.Block discriminator) {}
}

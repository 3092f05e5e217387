package org.vqforge.api.loss;

import ai.djl.ndarray.NDArray;

/**
 * A GAN objective: one loss for the discriminator, one for the generator.
 *
 * <p>The runner's discriminator step, in this order: open the gradient collector; compute the
 * discriminator's logits on real images and on detached reconstructions; call {@link
 * #discriminatorLoss}; <b>zero the discriminator's gradients after {@code discriminatorLoss}
 * returns and before it back-propagates that loss</b> (a penalty may run a backward pass of its
 * own through {@link DiscriminatorBatch#backend()}, e.g. a gradient penalty needs the gradient
 * of the discriminator's output with respect to its input, and that pass also adds to the
 * discriminator's parameter gradients); back-propagate the loss; step the discriminator's
 * optimiser; call {@link #afterDiscriminatorStep}.
 */
public non-sealed interface AdversarialLoss extends Loss {

    /**
     * The discriminator's loss (a scalar), including any penalty it defines. Called inside the
     * runner's open gradient collector; see the class documentation for what the runner does with
     * the discriminator's gradients afterwards.
     */
    NDArray discriminatorLoss(DiscriminatorBatch batch);

    /** The generator's loss (a scalar) from the discriminator's logits on reconstructions. */
    NDArray generatorLoss(NDArray fakeLogits);

    /**
     * Called after each discriminator optimiser step, for constraints applied to its weights
     * (e.g. Wasserstein weight clipping) or to release what a penalty left on them. Does nothing
     * by default.
     */
    default void afterDiscriminatorStep(ai.djl.nn.Block discriminator) {}
}

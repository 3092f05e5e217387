package org.vqforge.api.loss;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;
import org.vqforge.api.backend.Backend;

/**
 * What an adversarial loss sees in a discriminator step.
 *
 * @param real real images
 * @param fake reconstructions, detached from the generator
 * @param realLogits the discriminator's output on {@code real}
 * @param fakeLogits the discriminator's output on {@code fake}
 * @param discriminator runs the discriminator, as in this step (training mode, current
 *     parameters), on other inputs (e.g. interpolates for a gradient penalty); its output must be
 *     differentiable with respect to both its input and the discriminator's parameters
 * @param backend for backward passes that must keep or differentiate the graph
 */
public record DiscriminatorBatch(
        NDArray real,
        NDArray fake,
        NDArray realLogits,
        NDArray fakeLogits,
        UnaryOperator<NDArray> discriminator,
        Backend backend) {}

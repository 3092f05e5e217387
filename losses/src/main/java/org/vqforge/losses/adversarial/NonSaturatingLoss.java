package org.vqforge.losses.adversarial;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.vqforge.api.loss.AdversarialLoss;
import org.vqforge.api.loss.DiscriminatorBatch;

/**
 * The original GAN objective with the non-saturating generator loss (Goodfellow et al. 2014),
 * on logits: discriminator {@code mean(softplus(-real)) + mean(softplus(fake))} (binary cross
 * entropy with real = 1, fake = 0), generator {@code mean(softplus(-fake))}.
 */
final class NonSaturatingLoss implements AdversarialLoss {

    @Override
    public NDArray discriminatorLoss(DiscriminatorBatch batch) {
        NDArray real = Activation.softPlus(batch.realLogits().neg()).mean();
        NDArray fake = Activation.softPlus(batch.fakeLogits()).mean();
        return real.add(fake);
    }

    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return Activation.softPlus(fakeLogits.neg()).mean();
    }
}

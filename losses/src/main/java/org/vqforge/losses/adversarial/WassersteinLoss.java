package org.vqforge.losses.adversarial;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import org.vqforge.api.loss.AdversarialLoss;
import org.vqforge.api.loss.DiscriminatorBatch;

/**
 * The Wasserstein objective (Arjovsky et al. 2017): critic {@code mean(fake) - mean(real)} plus
 * the constraint's penalty, generator {@code -mean(fake)}.
 */
final class WassersteinLoss implements AdversarialLoss {

    private final LipschitzConstraint constraint;

    WassersteinLoss(LipschitzConstraint constraint) {
        this.constraint = constraint;
    }

    @Override
    public NDArray discriminatorLoss(DiscriminatorBatch batch) {
        NDArray distance = batch.fakeLogits().mean().sub(batch.realLogits().mean());
        NDArray penalty = constraint.penalty(batch);
        return penalty == null ? distance : distance.add(penalty);
    }

    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return fakeLogits.mean().neg();
    }

    @Override
    public void afterDiscriminatorStep(Block discriminator) {
        constraint.afterStep(discriminator);
    }
}

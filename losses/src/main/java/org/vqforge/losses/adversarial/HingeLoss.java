package org.vqforge.losses.adversarial;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.vqforge.api.loss.AdversarialLoss;
import org.vqforge.api.loss.DiscriminatorBatch;
import org.vqforge.api.plugin.EngineConstants;

/**
 * The hinge objective (Lim and Ye 2017; taming-transformers' {@code hinge_d_loss}):
 * discriminator {@code 0.5 * (mean(relu(1 - real)) + mean(relu(1 + fake)))}, generator {@code
 * -mean(fake)}.
 */
final class HingeLoss implements AdversarialLoss {

    @Override
    public NDArray discriminatorLoss(DiscriminatorBatch batch) {
        // 1 - x and 1 + x: an added constant is not needed by the backward pass
        NDArray real = Activation.relu(batch.realLogits().neg().add(1f)).mean();
        NDArray fake = Activation.relu(batch.fakeLogits().add(1f)).mean();
        return EngineConstants.times(real.add(fake), 0.5);
    }

    @Override
    public NDArray generatorLoss(NDArray fakeLogits) {
        return fakeLogits.mean().neg();
    }
}

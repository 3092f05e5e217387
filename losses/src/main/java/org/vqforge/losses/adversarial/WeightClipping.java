package org.vqforge.losses.adversarial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.vqforge.api.loss.DiscriminatorBatch;

/** WGAN's weight clipping: every critic parameter is clamped to [-c, c] after each step. */
final class WeightClipping implements LipschitzConstraint {

    private final float clipValue;

    WeightClipping(double clipValue) {
        this.clipValue = (float) clipValue;
    }

    @Override
    public NDArray penalty(DiscriminatorBatch batch) {
        return null;
    }

    @Override
    public void afterStep(Block critic) {
        for (Pair<String, Parameter> p : critic.getParameters()) {
            // a detached alias shares the parameter's storage: writing it clamps the parameter in
            // place (same array, same optimiser slot) without recording the write for autograd
            try (NDArray alias = p.getValue().getArray().stopGradient();
                    NDArray clipped = alias.clip(-clipValue, clipValue)) {
                alias.set(new NDIndex(":"), clipped);
            }
        }
    }
}

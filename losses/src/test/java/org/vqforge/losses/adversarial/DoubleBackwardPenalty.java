package org.vqforge.losses.adversarial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Arrays;
import org.vqforge.api.loss.DiscriminatorBatch;
import org.vqforge.api.plugin.EngineConstants;

/**
 * The reference for {@link GradientPenalty}: the same penalty with its parameter gradient from the
 * engine's double backward ({@code Backend.backwardRecordingGraph}), exact for any critic. Not shipped: DJL 0.36
 * cannot reset a parameter's {@code .grad}, so every such pass leaves the critic's gradients
 * holding that pass's graph (PyTorch's create_graph reference cycle), and memory grows each step.
 */
final class DoubleBackwardPenalty implements LipschitzConstraint {

    /** Keeps the norm's gradient finite where the input gradient vanishes (sqrt at 0). */
    private static final float NORM_EPSILON = 1e-12f;

    private final double weight;

    DoubleBackwardPenalty(double weight) {
        this.weight = weight;
    }

    @Override
    public NDArray penalty(DiscriminatorBatch batch) {
        NDArray real = batch.real();
        NDArray fake = batch.fake();
        if (!real.getShape().equals(fake.getShape())) {
            throw new IllegalArgumentException("real " + real.getShape() + " and fake " + fake.getShape()
                    + " differ in shape");
        }
        long samples = real.getShape().get(0);
        NDArray interpolates = interpolate(real, fake);
        NDArray output = batch.discriminator().apply(interpolates);
        batch.backend().backwardRecordingGraph(output.sum());
        NDArray inputGradient = interpolates.getGradient();
        NDArray norms = inputGradient.reshape(samples, -1).square().sum(new int[] {1}).add(NORM_EPSILON).sqrt();
        return EngineConstants.times(norms.sub(1f).square().mean(), weight);
    }

    /** A fresh leaf that requires gradients, so the backward pass leaves its gradient on it. */
    private static NDArray interpolate(NDArray real, NDArray fake) {
        long[] dims = new long[real.getShape().dimension()];
        Arrays.fill(dims, 1);
        dims[0] = real.getShape().get(0);
        NDArray eps = real.getManager().randomUniform(0f, 1f, new Shape(dims));
        NDArray mixed = fake.add(real.sub(fake).mul(eps));
        NDArray leaf = mixed.stopGradient();
        leaf.setRequiresGradient(true);
        return leaf;
    }

    @Override
    public void afterStep(Block critic) {}
}

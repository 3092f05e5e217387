package org.vqforge.losses.adversarial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.vqforge.api.loss.DiscriminatorBatch;
import org.vqforge.api.plugin.EngineConstants;

/**
 * WGAN-GP's penalty (Gulrajani et al. 2017): {@code weight * mean((||g_i||_2 - 1)^2)} with {@code
 * g_i = grad_x D(xhat)} at {@code xhat_i = eps_i * real_i + (1 - eps_i) * fake_i}, one {@code eps_i
 * ~ U(0, 1)} per sample drawn from the engine's seeded generator.
 *
 * <p>The penalty's gradient with respect to the critic's parameters needs the derivative of
 * {@code ||g_i||}, a second derivative: {@code d||g_i||/dtheta = J_i^T u_i} with {@code u_i = g_i /
 * ||g_i||} and {@code J_i = dg_i/dtheta}. The textbook way is a backward pass that records its own
 * graph; DJL 0.36 can run one, but cannot reset a parameter's gradient afterwards, so each such
 * pass left the critic's gradients holding its graph and memory grew by 1 to 1.6 MB a step for a
 * small critic (PyTorch's create_graph reference cycle). Instead {@code J_i^T u_i} is the gradient
 * of the directional derivative {@code u_i . g_i}, and the penalty's parameter gradient is that of
 * {@code sum_i p_i u_i . g_i} with {@code p_i} its derivative with respect to {@code ||g_i||}: the
 * derivative of {@code sum D} along the batch-wide direction {@code (p_i u_i)_i}, taken as a
 * central difference with step {@link #STEP}. That is exact (up to rounding) for critics that are
 * piecewise linear or quadratic in their input (convolutions, linear layers, (leaky) ReLU) unless
 * an activation changes sign within the step, and second-order accurate otherwise; it stays
 * right when a batch norm couples the samples. A batch norm's running statistics move three times
 * a step (the double backward: once). The returned scalar has the penalty's exact value and that
 * gradient.
 *
 * <p>Computing {@code g} is a plain backward pass through {@link DiscriminatorBatch#backend()}; it
 * also adds to the critic's parameter gradients, which the runner zeroes before back-propagating
 * the critic's loss (the contract in {@link org.vqforge.api.loss.AdversarialLoss}).
 */
final class GradientPenalty implements LipschitzConstraint {

    /**
     * Input-space (L2) length of the longest finite-difference move, about 1e-4 per pixel of a
     * 28x28 image. Rounding error grows as it shrinks, a smooth critic's truncation error as it
     * grows; measured against the double backward, as a fraction of the largest gradient element:
     * 1.3e-5 on a small convolutional critic, 2.8e-5 with a batch norm (at 1e-2: 3.3e-6 and
     * 2.3e-4).
     */
    static final float STEP = 3e-3f;

    private final double weight;

    GradientPenalty(double weight) {
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
        NDManager manager = real.getManager();
        int samples = Math.toIntExact(real.getShape().get(0));
        UnaryOperator<NDArray> critic = batch.discriminator();

        NDArray interpolates = interpolate(real, fake);
        batch.backend().backward(critic.apply(interpolates).sum());
        NDArray gradient = interpolates.getGradient().duplicate();
        float[] norms = gradient.reshape(samples, -1).square().sum(new int[] {1}).sqrt().toFloatArray();

        // d penalty / d ||g_i||, and the penalty's value
        double value = 0;
        double[] slope = new double[samples];
        double steepest = 0;
        for (int i = 0; i < samples; i++) {
            double excess = norms[i] - 1.0;
            value += weight * excess * excess / samples;
            slope[i] = weight * 2 * excess / samples;
            steepest = Math.max(steepest, Math.abs(slope[i]));
        }
        NDArray exactValue = EngineConstants.scalar(manager, value);
        if (steepest == 0) {
            return exactValue; // every norm is 1 (or the weight is 0): no gradient
        }
        // one step for the whole batch, sample i moved along slope_i * u_i, scaled so that the
        // longest move is STEP: then sum_i slope_i (u_i . g_i) is the directional derivative of
        // sum D along it, which stays right when a batch norm couples the samples
        float[] scale = new float[samples];
        for (int i = 0; i < samples; i++) {
            scale[i] = norms[i] > 0 ? (float) (STEP * slope[i] / steepest / norms[i]) : 0f;
        }
        long[] broadcast = new long[real.getShape().dimension()];
        Arrays.fill(broadcast, 1);
        broadcast[0] = samples;
        NDArray step = gradient.mul(EngineConstants.vector(manager, scale).reshape(new Shape(broadcast)));
        NDArray at = interpolates.stopGradient();
        NDArray difference = critic.apply(at.add(step)).sum().sub(critic.apply(at.sub(step)).sum());
        NDArray surrogate = EngineConstants.times(difference, steepest / (2 * STEP));
        // the penalty's value, with the surrogate's gradient
        return surrogate.sub(surrogate.stopGradient()).add(exactValue);
    }

    /** A fresh leaf that requires gradients, so the backward pass leaves its gradient on it. */
    private static NDArray interpolate(NDArray real, NDArray fake) {
        long[] dims = new long[real.getShape().dimension()];
        Arrays.fill(dims, 1);
        dims[0] = real.getShape().get(0);
        NDArray eps = real.getManager().randomUniform(0f, 1f, new Shape(dims));
        NDArray leaf = fake.add(real.sub(fake).mul(eps)).stopGradient();
        leaf.setRequiresGradient(true);
        return leaf;
    }

    @Override
    public void afterStep(Block critic) {}
}

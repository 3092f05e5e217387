package org.vqforge.losses.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.loss.DiscriminatorBatch;
import org.vqforge.api.testkit.DiscoveredBackend;

/**
 * The gradient penalty against closed forms, the engine's double backward and central
 * differences. Each test plays the runner: it opens the gradient collector, and zeroes the
 * critic's gradients between the penalty and its backward pass.
 */
class GradientPenaltyTest {

    private static final double WEIGHT = 10;
    /**
     * float32 rounding of the penalty's central difference on gradients of size 1 to 8 (measured:
     * up to 2.1e-4).
     */
    private static final double ROUNDING = 3e-4;
    private static final float[] W = {0.6f, -0.8f, 1.2f, 0.4f};
    private static final Shape IMAGES = new Shape(3, 1, 2, 2);
    private static final float[] REAL = {0.1f, 0.9f, 0.4f, 0.7f, 0.2f, 0.3f, 1.0f, 0.0f, 0.8f, 0.5f, 0.6f, 0.05f};
    private static final float[] FAKE = {0.3f, 0.2f, 0.6f, 0.1f, 0.9f, 0.7f, 0.0f, 0.4f, 0.25f, 0.15f, 0.35f, 0.95f};

    private Backend backend;
    private NDManager manager;
    private NDArray w;

    @BeforeEach
    void open() {
        // the real backend: the test backend cannot run a backward that records its own graph
        backend = DiscoveredBackend.create("cpu", Map.of("threads", 1));
        manager = backend.newManager();
        w = manager.create(W, new Shape(1, 1, 2, 2));
        w.setRequiresGradient(true);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private DiscriminatorBatch batch(float[] real, float[] fake, UnaryOperator<NDArray> critic) {
        return new DiscriminatorBatch(manager.create(real, IMAGES), manager.create(fake, IMAGES), null, null,
                critic, backend);
    }

    /** D(x) = sum(w * x) per sample: its input gradient is w everywhere. */
    private NDArray linear(NDArray x) {
        return x.mul(w).reshape(x.getShape().get(0), -1).sum(new int[] {1});
    }

    /** D(x) = sum(w * x^2) per sample: its input gradient 2 w x depends on where it is taken. */
    private NDArray quadratic(NDArray x) {
        return x.square().mul(w).reshape(x.getShape().get(0), -1).sum(new int[] {1});
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void linearCriticPenaltyAndItsGradientAreTheClosedForms() {
        double n = norm(W);
        try (GradientCollector collector = backend.newGradientCollector()) {
            NDArray penalty = new GradientPenalty(WEIGHT).penalty(batch(REAL, FAKE, this::linear));
            assertEquals(WEIGHT * (n - 1) * (n - 1), penalty.getFloat(), 1e-5);
            backend.zeroGradient(w);
            backend.backward(penalty);
        }
        float[] expected = new float[4];
        for (int k = 0; k < 4; k++) {
            expected[k] = (float) (WEIGHT * 2 * (n - 1) * W[k] / n);
        }
        // the central difference is exact for a linear critic; float32 rounding is left
        assertClose(expected, w.getGradient(), ROUNDING, "d penalty / d w");
    }

    @Test
    void thePenaltysOwnBackwardPassAddsToTheCriticsGradientsWhichIsWhyTheRunnerZeroesThem() {
        double n = norm(W);
        // real == fake, so every interpolate is the real image whatever eps is drawn
        try (GradientCollector collector = backend.newGradientCollector()) {
            NDArray penalty = new GradientPenalty(WEIGHT).penalty(batch(REAL, REAL, this::linear));
            backend.backward(penalty);
        }
        float[] expected = new float[4];
        for (int k = 0; k < 4; k++) {
            // the penalty's gradient plus d/dw sum_i D(xhat_i) = sum_i xhat_i, left by the inner pass
            expected[k] = (float) (WEIGHT * 2 * (n - 1) * W[k] / n + REAL[k] + REAL[4 + k] + REAL[8 + k]);
        }
        assertClose(expected, w.getGradient(), ROUNDING, "d penalty / d w without zeroing");
    }

    @Test
    void interpolatesMixRealAndFakeByOneUniformDrawPerSample() {
        backend.seed(42);
        double value;
        try (GradientCollector collector = backend.newGradientCollector()) {
            NDArray penalty = new GradientPenalty(WEIGHT).penalty(batch(REAL, FAKE, this::quadratic));
            value = penalty.getFloat();
            backend.zeroGradient(w);
            backend.backward(penalty);
        }
        float[] gradient = w.getGradient().toFloatArray();
        // the same draw, from the same seed
        backend.seed(42);
        float[] eps = manager.randomUniform(0f, 1f, new Shape(3, 1, 1, 1)).toFloatArray();
        double expectedValue = 0;
        double[] expectedGradient = new double[4];
        for (int i = 0; i < 3; i++) {
            double[] xhat = new double[4];
            double squaredNorm = 0;
            for (int k = 0; k < 4; k++) {
                xhat[k] = eps[i] * REAL[4 * i + k] + (1 - eps[i]) * FAKE[4 * i + k];
                double g = 2 * W[k] * xhat[k];
                squaredNorm += g * g;
            }
            double n = Math.sqrt(squaredNorm);
            expectedValue += WEIGHT * (n - 1) * (n - 1) / 3;
            for (int k = 0; k < 4; k++) {
                // d n / d w_k = 4 w_k xhat_k^2 / n
                expectedGradient[k] += WEIGHT / 3 * 2 * (n - 1) * 4 * W[k] * xhat[k] * xhat[k] / n;
            }
        }
        assertEquals(expectedValue, value, 1e-5);
        float[] expected = new float[4];
        for (int k = 0; k < 4; k++) {
            expected[k] = (float) expectedGradient[k];
        }
        // the central difference is exact for a quadratic critic too
        assertClose(expected, gradient, ROUNDING, "d penalty / d w");
    }

    /** Conv, LeakyReLU 0.2, conv: a small patch critic, piecewise linear in its input. */
    private SequentialBlock convolutionalCritic() {
        SequentialBlock critic = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(2).build())
                .add(Activation.leakyReluBlock(0.2f))
                .add(Conv2d.builder().setKernelShape(new Shape(2, 2)).setFilters(1).build());
        backend.seed(3);
        critic.initialize(manager, DataType.FLOAT32, IMAGES);
        return critic;
    }

    private UnaryOperator<NDArray> running(SequentialBlock critic) {
        ParameterStore store = new ParameterStore(manager, false);
        return x -> critic.forward(store, new NDList(x), true).singletonOrThrow();
    }

    /** Every critic parameter's gradient of the penalty, flattened, with eps from seed 7. */
    private float[] parameterGradients(LipschitzConstraint constraint, SequentialBlock critic) {
        UnaryOperator<NDArray> run = running(critic);
        backend.seed(7);
        try (GradientCollector collector = backend.newGradientCollector()) {
            NDArray penalty = constraint.penalty(batch(REAL, FAKE, run));
            for (var p : critic.getParameters()) {
                backend.zeroGradient(p.getValue().getArray());
            }
            backend.backward(penalty);
        }
        float[] all = new float[0];
        for (var p : critic.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                continue; // a batch norm's running statistics
            }
            float[] g = p.getValue().getArray().getGradient().toFloatArray();
            float[] joined = Arrays.copyOf(all, all.length + g.length);
            System.arraycopy(g, 0, joined, all.length, g.length);
            all = joined;
        }
        return all;
    }

    @Test
    void convolutionalCriticGradientMatchesTheDoubleBackward() {
        SequentialBlock critic = convolutionalCritic();
        float[] shipped = parameterGradients(new GradientPenalty(WEIGHT), critic);
        float[] exact = parameterGradients(new DoubleBackwardPenalty(WEIGHT), critic);
        double largest = 0;
        for (float v : exact) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 1, "a gradient worth comparing: " + largest);
        // measured: within 1.3e-5 of the largest element, float32 rounding (no activation changes
        // sign here, so the difference has no other error)
        assertClose(exact, shipped, 5e-5 * largest, "d penalty / d critic parameters vs double backward");
        backend.seed(7);
        UnaryOperator<NDArray> run = running(critic);
        double value;
        try (GradientCollector collector = backend.newGradientCollector()) {
            value = new GradientPenalty(WEIGHT).penalty(batch(REAL, FAKE, run)).getFloat();
        }
        backend.seed(7);
        try (GradientCollector collector = backend.newGradientCollector()) {
            assertEquals(new DoubleBackwardPenalty(WEIGHT).penalty(batch(REAL, FAKE, run)).getFloat(), value, 1e-5);
        }
    }

    @Test
    void batchNormalisedCriticGradientMatchesTheDoubleBackward() {
        // the batch norm couples the samples: each output depends on every input
        SequentialBlock critic = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(2).build())
                .add(BatchNorm.builder().build())
                .add(Activation.leakyReluBlock(0.2f))
                .add(Conv2d.builder().setKernelShape(new Shape(2, 2)).setFilters(1).build());
        backend.seed(3);
        critic.initialize(manager, DataType.FLOAT32, IMAGES);
        float[] shipped = parameterGradients(new GradientPenalty(WEIGHT), critic);
        float[] exact = parameterGradients(new DoubleBackwardPenalty(WEIGHT), critic);
        double largest = 0;
        for (float v : exact) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 1, "a gradient worth comparing: " + largest);
        // measured: within 2.8e-5 of the largest element; a batch norm is smooth, so the central
        // difference's truncation error (2.3e-4 at step 1e-2) adds to the rounding
        assertClose(exact, shipped, 5e-5 * largest, "d penalty / d critic parameters vs double backward");
    }

    @Test
    void convolutionalCriticGradientMatchesCentralDifferencesOfThePenalty() {
        SequentialBlock critic = convolutionalCritic();
        UnaryOperator<NDArray> run = running(critic);
        NDArray weights = critic.getChildren().get(0).getValue().getParameters().get("weight").getArray();
        float[] autograd = Arrays.copyOf(parameterGradients(new GradientPenalty(WEIGHT), critic), 18);
        float[] original = weights.toFloatArray();
        float h = 1e-2f;
        for (int k : new int[] {0, 4, 9, 17}) {
            double plus = penaltyWith(weights, original, k, h, run);
            double minus = penaltyWith(weights, original, k, -h, run);
            double central = (plus - minus) / (2 * h);
            // measured: agreement to 1.3e-4 relative; float32 differences limit it
            assertEquals(central, autograd[k], 1e-3 * Math.max(1, Math.abs(central)),
                    "d penalty / d weight " + k);
        }
    }

    /** The penalty (same eps: same seed) with one weight moved by {@code delta}. */
    private double penaltyWith(NDArray weights, float[] original, int k, float delta, UnaryOperator<NDArray> run) {
        float[] moved = original.clone();
        moved[k] += delta;
        try (NDArray alias = weights.stopGradient(); NDArray values = manager.create(moved, weights.getShape())) {
            alias.set(new NDIndex(":"), values);
        }
        backend.seed(7);
        double value;
        try (GradientCollector collector = backend.newGradientCollector()) {
            value = new GradientPenalty(WEIGHT).penalty(batch(REAL, FAKE, run)).getFloat();
        }
        try (NDArray alias = weights.stopGradient(); NDArray values = manager.create(original, weights.getShape())) {
            alias.set(new NDIndex(":"), values);
        }
        return value;
    }
}

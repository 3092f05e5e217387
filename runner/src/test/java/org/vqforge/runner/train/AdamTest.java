package org.vqforge.runner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamTest {

    private static final float[] START = {0.5f, -1.0f, 2.0f};
    private static final float[] COEFF = {1.0f, -3.0f, 0.25f};

    private static Parameter parameter(NDManager m) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                .optArray(m.create(START.clone())).build();
        p.getArray().setRequiresGradient(true);
        return p;
    }

    /** loss = sum(c * w^2), so the gradient is 2 c w. */
    private static void backward(Parameter p, NDManager m) {
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray w = p.getArray();
            gc.backward(w.square().mul(m.create(COEFF)).sum());
        }
    }

    @Test
    void aScheduledRatePerStepMatchesAdamComputedByHand() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Parameter p = parameter(m);
            Adam adam = Adam.withDefaults(Map.of("w", p), 0.1);
            double[] rates = {0.02, 0.1, 0.05};
            assertMatchesHandAdam(p, rates, t -> {
                backward(p, m);
                adam.step((float) rates[t - 1]);
            });
        }
    }

    @Test
    void twoStepsMatchAdamComputedByHand() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Parameter p = parameter(m);
            Adam adam = Adam.withDefaults(Map.of("w", p), 0.1);
            assertMatchesHandAdam(p, new double[] {0.1, 0.1}, t -> {
                backward(p, m);
                adam.step();
            });
            assertEquals(2, adam.steps());
            assertArrayEquals(new float[3], p.getArray().getGradient().toFloatArray(), "gradient zeroed after the step");
        }
    }

    /**
     * Runs {@code step} for t = 1..rates.length beside Adam computed by hand in double with
     * PyTorch's defaults and the rate {@code rates[t - 1]}, then compares the weights.
     */
    private static void assertMatchesHandAdam(Parameter p, double[] rates, java.util.function.IntConsumer step) {
        assertMatchesHandAdam(p, rates, 0, step);
    }

    /** As above, for AdamW: each step first shrinks the weights by rate * weightDecay of themselves. */
    private static void assertMatchesHandAdam(Parameter p, double[] rates, double weightDecay,
            java.util.function.IntConsumer step) {
        double[] w = {START[0], START[1], START[2]};
        double[] mean = new double[3];
        double[] var = new double[3];
        for (int t = 1; t <= rates.length; t++) {
            step.accept(t);
            for (int i = 0; i < 3; i++) {
                double g = 2 * COEFF[i] * w[i];
                mean[i] = 0.9 * mean[i] + 0.1 * g;
                var[i] = 0.999 * var[i] + 0.001 * g * g;
                w[i] *= 1 - rates[t - 1] * weightDecay;
                double lr = rates[t - 1] * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                w[i] -= lr * mean[i] / (Math.sqrt(var[i]) + 1e-8);
            }
        }
        float[] got = p.getArray().toFloatArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(w[i], got[i], 1e-5, "element " + i);
        }
    }

    @Test
    void adamWDecaysTheWeightsApartFromTheGradient() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Parameter p = parameter(m);
            Adam adamW = new Adam(Map.of("w", p), 0.1f, 0.9f, 0.999f, Adam.EPSILON, 0.3f);
            double[] rates = {0.1, 0.05, 0.1};
            assertMatchesHandAdam(p, rates, 0.3, t -> {
                backward(p, m);
                adamW.step((float) rates[t - 1]);
            });
        }
    }

    @Test
    void restoredStateContinuesExactly() throws IOException {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Parameter a = parameter(m);
            Adam first = Adam.withDefaults(Map.of("w", a), 0.05);
            for (int i = 0; i < 3; i++) {
                backward(a, m);
                first.step();
            }
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            first.save(saved);

            Parameter b = parameter(m);
            b.getArray().set(a.getArray().toFloatArray());
            Adam second = Adam.withDefaults(Map.of("w", b), 0.05);
            second.load(new ByteArrayInputStream(saved.toByteArray()), m);
            assertEquals(3, second.steps());
            for (int i = 0; i < 2; i++) {
                backward(a, m);
                first.step();
                backward(b, m);
                second.step();
            }
            assertArrayEquals(a.getArray().toFloatArray(), b.getArray().toFloatArray());
        }
    }
}

package org.vqforge.runner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    /** Two parameters whose loss sum(c * w) gives them the gradients c. */
    private static List<Parameter> withGradients(NDManager m, float[] first, float[] second) {
        Parameter a = parameter(m, "a", first.length);
        Parameter b = parameter(m, "b", second.length);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            gc.backward(a.getArray().mul(m.create(first)).sum().add(b.getArray().mul(m.create(second)).sum()));
        }
        return List.of(a, b);
    }

    private static Parameter parameter(NDManager m, String name, int size) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optArray(m.ones(new ai.djl.ndarray.types.Shape(size))).build();
        p.getArray().setRequiresGradient(true);
        return p;
    }

    private static float[] grad(Parameter p) {
        try (NDArray g = p.getArray().getGradient()) {
            return g.toFloatArray();
        }
    }

    @Test
    void aLargeGlobalNormIsScaledDownToTheBound() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            // global norm sqrt(9 + 16 + 144) = 13
            List<Parameter> ps = withGradients(m, new float[] {3f, 4f}, new float[] {12f});

            double norm = GradientClipping.clip(ps, 6.5);

            assertEquals(13.0, norm, 1e-6);
            double scale = 6.5 / (13.0 + 1e-6);
            assertArrayEquals(new float[] {(float) (3 * scale), (float) (4 * scale)}, grad(ps.get(0)), 1e-6f);
            assertArrayEquals(new float[] {(float) (12 * scale)}, grad(ps.get(1)), 1e-6f);
            assertEquals(6.5, GradientClipping.globalNorm(ps), 1e-5);
        }
    }

    @Test
    void aSmallNormOrZeroBoundLeavesGradientsAlone() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            List<Parameter> ps = withGradients(m, new float[] {3f, 4f}, new float[] {12f});

            assertEquals(13.0, GradientClipping.clip(ps, 20), 1e-6);
            assertEquals(0.0, GradientClipping.clip(ps, 0), "off: not even measured");

            assertArrayEquals(new float[] {3f, 4f}, grad(ps.get(0)));
            assertArrayEquals(new float[] {12f}, grad(ps.get(1)));
        }
    }
}

package org.vqforge.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class TestKitTest {

    @Test
    void assertCloseFailsOutsideTheToleranceOnly() {
        Tensors.assertClose(new float[] {1f, 2f}, new float[] {1.05f, 1.95f}, 0.1, "within");
        assertThrows(AssertionFailedError.class,
                () -> Tensors.assertClose(new float[] {1f, 2f}, new float[] {1f, 2.2f}, 0.1, "outside"));
        assertThrows(AssertionFailedError.class,
                () -> Tensors.assertClose(new float[] {1f}, new float[] {Float.NaN}, 0.1, "nan"));
    }

    @Test
    void gradientsOfASquareAreTwiceTheInputAndDoNotAccumulate() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            NDArray x = context.manager().create(new float[] {1f, -2f, 3f});
            x.setRequiresGradient(true);
            for (int call = 0; call < 2; call++) {
                float[] g = Tensors.gradients(() -> x.square().sum(), x)[0];
                Tensors.assertClose(new float[] {2f, -4f, 6f}, g, 1e-6, "d sum(x^2)/dx, call " + call);
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is opened for its side effect
    void backendBackwardGoesThroughTheOpenCollectorAndZeroGradientClearsIt() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            NDArray x = context.manager().create(new float[] {0.5f, 4f});
            x.setRequiresGradient(true);
            try (GradientCollector collector = context.backend().newGradientCollector()) {
                context.backend().backward(x.mul(3).sum());
            }
            try (NDArray g = x.getGradient()) {
                Tensors.assertClose(new float[] {3f, 3f}, g, 0, "d sum(3x)/dx");
            }
            context.backend().zeroGradient(x);
            try (NDArray g = x.getGradient()) {
                Tensors.assertClose(new float[] {0f, 0f}, g, 0, "after zeroGradient");
            }
            assertThrows(UnsupportedOperationException.class,
                    () -> context.backend().backwardKeepingGraph(x.sum()));
            assertThrows(IllegalStateException.class,
                    () -> context.backend().backward(x.sum()));
        }
    }

    @Test
    void fixedInitializerFillsRowMajorAndChecksTheCount() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            NDArray a = Tensors.fixed(1, 2, 3, 4, 5, 6).initialize(context.manager(), new Shape(2, 3), DataType.FLOAT32);
            Tensors.assertShape(a, 2, 3);
            assertEquals(6f, a.getFloat(1, 2));
            assertThrows(IllegalArgumentException.class,
                    () -> Tensors.fixed(1, 2).initialize(context.manager(), new Shape(3), DataType.FLOAT32));
        }
    }
}

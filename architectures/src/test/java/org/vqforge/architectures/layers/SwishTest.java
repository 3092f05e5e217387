package org.vqforge.architectures.layers;

import static org.vqforge.api.testkit.Tensors.assertClose;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class SwishTest {

    @Test
    void isXTimesSigmoidXWithItsDerivative() {
        float[] values = {-3, -0.5f, 0, 1, 4};
        float[] expected = new float[values.length];
        float[] derivative = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            double s = 1 / (1 + Math.exp(-values[i]));
            expected[i] = (float) (values[i] * s);
            // d/dx x s(x) = s + x s (1 - s)
            derivative[i] = (float) (s + values[i] * s * (1 - s));
        }
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            NDArray x = context.manager().create(values);
            x.setRequiresGradient(true);
            assertClose(expected, Swish.apply(x), 1e-6, "swish");
            assertClose(derivative, Tensors.gradients(() -> Swish.apply(x).sum(), x)[0], 1e-6, "swish'");
        }
    }
}

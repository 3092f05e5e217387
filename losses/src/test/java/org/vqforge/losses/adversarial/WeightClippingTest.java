package org.vqforge.losses.adversarial;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.api.loss.AdversarialLoss;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class WeightClippingTest {

    @Test
    void everyParameterIsClampedInPlaceAfterTheStep() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Linear critic = Linear.builder().setUnits(2).build();
            critic.setInitializer(Tensors.fixed(0.5f, -0.003f, -0.2f, 0.005f), Parameter.Type.WEIGHT);
            critic.setInitializer(Tensors.fixed(-0.02f, 0.001f), Parameter.Type.BIAS);
            critic.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 2));
            NDArray weight = critic.getParameters().get("weight").getArray();
            NDArray bias = critic.getParameters().get("bias").getArray();

            WassersteinLossProvider provider = new WassersteinLossProvider();
            AdversarialLoss loss = (AdversarialLoss) provider.create(
                    provider.schema().with(Map.of("penalty", "clip", "clipValue", 0.01)), context);
            loss.afterDiscriminatorStep(critic);

            assertClose(new float[] {0.01f, -0.003f, -0.01f, 0.005f}, weight, 0, "clamped weight");
            assertClose(new float[] {-0.01f, 0.001f}, bias, 0, "clamped bias");
            // the same arrays, still trainable: optimiser state and gradients stay attached
            assertSame(weight, critic.getParameters().get("weight").getArray());
            assertTrue(weight.hasGradient());
        }
    }
}

package org.vqforge.runner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

    private static Parameter parameter(NDManager m, float... values) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                .optArray(m.create(values)).build();
        p.getArray().setRequiresGradient(true);
        return p;
    }

    @Test
    void updatesFollowTheWarmedUpDecayComputedByHand() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Parameter w = parameter(m, 1f, -2f);
            WeightAverage average = new WeightAverage(Map.of("w", w), 0.9, m);
            double[] expected = {1, -2};
            float[][] weights = {{3f, 0f}, {5f, 4f}, {-1f, 2f}};
            for (int n = 1; n <= weights.length; n++) {
                w.getArray().set(weights[n - 1]);
                average.update();
                double d = Math.min(0.9, (1.0 + n) / (10.0 + n));
                for (int i = 0; i < 2; i++) {
                    expected[i] = d * expected[i] + (1 - d) * weights[n - 1][i];
                }
            }
            assertEquals(2.0 / 11, WeightAverage.decayAt(0.9, 1), 1e-15, "warm-up at the first update");
            assertEquals(0.9, WeightAverage.decayAt(0.9, 1000), 1e-15, "the configured decay later");
            float[] got = average.average("w").toFloatArray();
            assertEquals(expected[0], got[0], 1e-6);
            assertEquals(expected[1], got[1], 1e-6);
            assertEquals(3, average.updates());
        }
    }

    @Test
    void swappingInAndOutRestoresTheTrainingWeightsExactly() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Parameter w = parameter(m, 0.1f, 0.2f, 0.3f);
            WeightAverage average = new WeightAverage(Map.of("w", w), 0.5, m);
            w.getArray().set(new float[] {1f / 3, -7e-8f, 5f});
            average.update();
            float[] trained = w.getArray().toFloatArray();
            float[] averaged = average.average("w").toFloatArray();

            try (WeightAverage.Swap swap = average.swapIn()) {
                assertArrayEquals(averaged, w.getArray().toFloatArray());
            }
            assertArrayEquals(trained, w.getArray().toFloatArray());
        }
    }

    @Test
    void savedStateRestoresAveragesAndCount() throws IOException {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Parameter w = parameter(m, 1f, 2f);
            WeightAverage average = new WeightAverage(Map.of("w", w), 0.99, m);
            w.getArray().set(new float[] {4f, -4f});
            average.update();
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            average.save(saved);

            WeightAverage restored = new WeightAverage(Map.of("w", parameter(m, 0f, 0f)), 0.99, m);
            restored.load(new ByteArrayInputStream(saved.toByteArray()), m);
            assertArrayEquals(average.average("w").toFloatArray(), restored.average("w").toFloatArray());
            assertEquals(1, restored.updates());

            Parameter evaluated = parameter(m, 0f, 0f);
            WeightAverage.loadInto(new ByteArrayInputStream(saved.toByteArray()), Map.of("w", evaluated), m);
            assertArrayEquals(average.average("w").toFloatArray(), evaluated.getArray().toFloatArray());

            Map<String, Parameter> two = new java.util.LinkedHashMap<>();
            two.put("a", parameter(m, 0f, 0f));
            two.put("b", parameter(m, 0f));
            IOException e = assertThrows(IOException.class,
                    () -> WeightAverage.loadInto(new ByteArrayInputStream(saved.toByteArray()), two, m));
            assertEquals("the weight average holds 1 parameters, the model has 2", e.getMessage());
        }
    }

    @Test
    void aDecayOutsideTheOpenUnitIntervalIsRefused() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> new WeightAverage(Map.of(), 0.0, m));
            assertThrows(IllegalArgumentException.class, () -> new WeightAverage(Map.of(), 1.0, m));
        }
    }
}

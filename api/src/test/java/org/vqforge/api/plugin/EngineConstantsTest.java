package org.vqforge.api.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class EngineConstantsTest {

    @Test
    void gradientSurvivesAGarbageCollectionBetweenForwardAndBackward() throws InterruptedException {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray x = m.create(new float[] {1f, -2f, 4f}).duplicate();
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray y = EngineConstants.times(x, 3f).sum();
                for (int i = 0; i < 5; i++) {
                    System.gc();
                    byte[][] churn = new byte[64][];
                    for (int j = 0; j < churn.length; j++) {
                        churn[j] = new byte[1 << 16];
                    }
                    Thread.sleep(10);
                }
                gc.backward(y);
            }
            assertArrayEquals(new float[] {3f, 3f, 3f}, x.getGradient().toFloatArray(), 0f);
            assertArrayEquals(new float[] {3f, -6f, 12f}, EngineConstants.times(x, 3f).toFloatArray(), 0f);
        }
    }
}

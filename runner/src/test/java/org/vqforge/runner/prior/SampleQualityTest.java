package org.vqforge.runner.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vqforge.features.FeatureNetwork;
import org.vqforge.features.FeatureNetworkSpec;

class SampleQualityTest {

    @Test
    void drawnImagesLikeTheTestImagesAreAtDistanceZeroAndTheAccuracyCountsTheClassifiersAgreement() {
        Shape image = new Shape(1, 28, 28);
        int n = 600;
        float[] images = new float[n * 784];
        Random random = new Random(4);
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextFloat();
        }
        // the network's random weights come from the engine's generator, which runs trained before
        // in this JVM leave in another state: seeded here, the distances do not depend on the test order
        Engine.getEngine("PyTorch").setRandomSeed(0);
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
                FeatureNetwork network = FeatureNetwork.create(new FeatureNetworkSpec(1, 28, List.of(4, 8), 10),
                        manager)) {
            // the classifier's own answers, computed independently of SampleQuality
            long[] predicted = network.block().forward(new ParameterStore(manager, false),
                    new NDList(manager.create(images, new Shape(n, 1, 28, 28))), false).singletonOrThrow()
                    .argMax(1).toLongArray();
            int[] classes = new int[n];
            for (int i = 0; i < n; i++) {
                // the first 150 as the classifier says, the rest another class
                classes[i] = i < 150 ? (int) predicted[i] : (int) (predicted[i] + 1) % 10;
            }
            SampleQuality same = SampleQuality.measure(images, classes,
                    (from, count) -> java.util.Arrays.copyOfRange(images, from * 784, (from + count) * 784), n, image,
                    network, manager);
            assertEquals(600, same.samples());
            assertEquals(0.0, same.frechet(), 1e-6, "the same images, the same statistics");
            assertEquals(0.25, same.classAccuracy(), 1e-12);

            float[] brighter = images.clone();
            for (int i = 0; i < brighter.length; i++) {
                brighter[i] = Math.min(1f, brighter[i] + 0.3f);
            }
            SampleQuality other = SampleQuality.measure(brighter, classes,
                    (from, count) -> java.util.Arrays.copyOfRange(images, from * 784, (from + count) * 784), n, image,
                    network, manager);
            assertTrue(other.frechet() > 1e-3, "other images are at a distance: " + other.frechet());
        }
    }
}

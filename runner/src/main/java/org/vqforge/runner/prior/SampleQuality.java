package org.vqforge.runner.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.function.BiFunction;
import org.vqforge.features.FeatureNetwork;
import org.vqforge.runner.eval.FeatureStatistics;
import org.vqforge.runner.eval.FrechetDistance;

/**
 * How good drawn images are, through a feature network: the Fréchet distance of their features to
 * the test images', and how often the network's own classifier names the class each was drawn for.
 *
 * @param samples how many drawn images
 * @param frechet the Fréchet distance of the drawn images' features to the test images'
 * @param classAccuracy the share of drawn images the classifier assigns their class; NaN when the
 *     images have no class or the network no classifier
 */
public record SampleQuality(int samples, double frechet, double classAccuracy) {

    /** Images scored at a time. */
    static final int BATCH = 500;

    /**
     * @param images (count, C, H, W) pixels in [0, 1]
     * @param classes each image's class; a value outside the classifier's classes means none
     * @param test the reference images, {@code (from, count) -> pixels} like {@code images}
     * @param testCount how many reference images
     */
    public static SampleQuality measure(float[] images, int[] classes, BiFunction<Integer, Integer, float[]> test,
            int testCount, Shape image, FeatureNetwork network, NDManager manager) {
        int dimension = network.spec().embeddingSize();
        FeatureStatistics drawn = new FeatureStatistics(dimension);
        FeatureStatistics reference = new FeatureStatistics(dimension);
        int size = Math.toIntExact(image.size());
        int correct = 0;
        int labelled = 0;
        ParameterStore store = new ParameterStore(manager, false);
        for (int from = 0; from < classes.length; from += BATCH) {
            int n = Math.min(BATCH, classes.length - from);
            try (NDManager batch = manager.newSubManager()) {
                float[] part = java.util.Arrays.copyOfRange(images, from * size, (from + n) * size);
                NDArray x = batch.create(part, new Shape(n, image.get(0), image.get(1), image.get(2)));
                drawn.add(network.embedding(x).toFloatArray());
                if (network.spec().classes() > 0) {
                    long[] predicted = network.block().forward(store, new NDList(x), false).singletonOrThrow()
                            .argMax(1).toLongArray();
                    for (int i = 0; i < n; i++) {
                        int wanted = classes[from + i];
                        if (wanted >= 0 && wanted < network.spec().classes()) {
                            labelled++;
                            correct += predicted[i] == wanted ? 1 : 0;
                        }
                    }
                }
            }
        }
        for (int from = 0; from < testCount; from += BATCH) {
            int n = Math.min(BATCH, testCount - from);
            try (NDManager batch = manager.newSubManager()) {
                NDArray x = batch.create(test.apply(from, n), new Shape(n, image.get(0), image.get(1), image.get(2)));
                reference.add(network.embedding(x).toFloatArray());
            }
        }
        return new SampleQuality(classes.length, FrechetDistance.between(drawn, reference),
                labelled == 0 ? Double.NaN : correct / (double) labelled);
    }
}

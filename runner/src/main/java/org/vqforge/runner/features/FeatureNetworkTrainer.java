package org.vqforge.runner.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.vqforge.api.backend.Backend;
import org.vqforge.features.FeatureNetwork;
import org.vqforge.features.FeatureNetworkSpec;
import org.vqforge.runner.data.Batches;
import org.vqforge.runner.data.ImageSet;
import org.vqforge.runner.train.Adam;

/**
 * Trains a {@link FeatureNetwork} as an image classifier (softmax cross-entropy, the runner's
 * Adam), so that its last stage's features mean something: the Fréchet distance measures through
 * them. Each step runs in a child manager that is closed at its end; the batches of an epoch are a
 * permutation drawn from the seed and the epoch, as in model training.
 */
public final class FeatureNetworkTrainer {

    /**
     * Images with a class per image.
     *
     * @param labels one class index per image, in [0, classes)
     */
    public record Labelled(ImageSet images, byte[] labels) {
        public Labelled {
            if (labels.length != images.count()) {
                throw new IllegalArgumentException(labels.length + " labels for " + images.count() + " images");
            }
        }
    }

    /**
     * How to train.
     *
     * @param epochs passes over the training images
     * @param batchSize images per step
     * @param learningRate Adam's step size
     * @param seed seeds the initial weights and the batch order
     */
    public record Settings(int epochs, int batchSize, double learningRate, long seed) {}

    /** What one epoch reached. */
    public record Epoch(int epoch, int epochs, double loss, double trainAccuracy, double testAccuracy, double seconds) {}

    private final Backend backend;
    private final Settings settings;

    public FeatureNetworkTrainer(Backend backend, Settings settings) {
        this.backend = backend;
        this.settings = settings;
    }

    /**
     * A new network of {@code spec} trained on {@code train}, evaluated on {@code test} after every
     * epoch. The caller closes the network.
     *
     * @param manager the parent of the network's manager (it must outlive the network)
     */
    public FeatureNetwork train(FeatureNetworkSpec spec, Labelled train, Labelled test, NDManager manager,
            Consumer<Epoch> progress) {
        if (!spec.hasClassifier()) {
            throw new IllegalArgumentException("a feature network is trained as a classifier: its spec needs classes");
        }
        backend.seed(settings.seed());
        FeatureNetwork network = FeatureNetwork.create(spec, manager);
        try {
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : network.block().getParameters()) {
                parameters.put(p.getKey(), p.getValue());
            }
            Batches batches = new Batches(train.images(), settings.batchSize(), settings.seed());
            ParameterStore store = new ParameterStore(manager, false);
            Adam adam = Adam.withDefaults(parameters, settings.learningRate());
            long step = 0;
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                long began = System.nanoTime();
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                for (int i = 0; i < batches.stepsPerEpoch(); i++, step++) {
                    try (NDManager stepManager = manager.newSubManager()) {
                        int[] picks = batches.picks(step);
                        NDArray images = batches.batch(step, stepManager);
                        NDArray labels = labels(train.labels(), picks, stepManager);
                        NDArray loss;
                        NDArray logits;
                        try (GradientCollector collector = backend.newGradientCollector()) {
                            logits = network.block().forward(store, new NDList(images), true).singletonOrThrow();
                            loss = crossEntropy(logits, labels, spec.classes());
                            collector.backward(loss);
                        }
                        adam.step();
                        lossSum += loss.getFloat() * picks.length;
                        correct += correctCount(logits, labels);
                        seen += picks.length;
                    }
                }
                double testAccuracy = accuracy(network, test, store, manager);
                progress.accept(new Epoch(epoch, settings.epochs(), lossSum / seen, (double) correct / seen,
                        testAccuracy, (System.nanoTime() - began) / 1e9));
            }
            return network;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** Share of {@code data} whose largest logit is the labelled class. */
    public static double accuracy(FeatureNetwork network, Labelled data, ParameterStore store, NDManager manager) {
        int batch = 1000;
        long correct = 0;
        for (int from = 0; from < data.images().count(); from += batch) {
            int n = Math.min(batch, data.images().count() - from);
            try (NDManager scope = manager.newSubManager()) {
                NDArray images = Batches.range(data.images(), from, n, scope);
                int[] picks = new int[n];
                for (int i = 0; i < n; i++) {
                    picks[i] = from + i;
                }
                NDArray logits = network.block().forward(store, new NDList(images), false).singletonOrThrow();
                correct += correctCount(logits, labels(data.labels(), picks, scope));
            }
        }
        return (double) correct / data.images().count();
    }

    /** Mean over the batch of -log softmax(logits)[label]. */
    static NDArray crossEntropy(NDArray logits, NDArray labels, int classes) {
        // the one-hot array is engine memory (oneHot allocates it), safe to keep for the backward pass
        NDArray oneHot = labels.oneHot(classes);
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    private static long correctCount(NDArray logits, NDArray labels) {
        return logits.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().getLong();
    }

    private static NDArray labels(byte[] labels, int[] picks, NDManager manager) {
        int[] picked = new int[picks.length];
        for (int i = 0; i < picks.length; i++) {
            picked[i] = labels[picks[i]] & 0xff;
        }
        try (NDArray javaBacked = manager.create(picked)) {
            // a copy in engine memory: the Java-backed buffer could be collected while in use
            return javaBacked.duplicate();
        }
    }
}

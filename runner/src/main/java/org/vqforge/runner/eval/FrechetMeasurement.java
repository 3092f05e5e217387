package org.vqforge.runner.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vqforge.features.FeatureNetwork;
import org.vqforge.features.FeatureNetworkException;
import org.vqforge.features.FeatureNetworkSpec;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.runner.config.ConfigException;
import org.vqforge.runner.config.EvalSpec;
import org.vqforge.runner.config.Experiment;

/**
 * Collects the feature statistics of test images and of their reconstructions, batch by batch,
 * through a feature network's {@link FeatureNetwork#embedding}, and gives their Fréchet distance.
 *
 * <p>A network the user named in {@code eval.featureNetwork} must exist and read images of the
 * experiment's shape: anything else is an error. The default network is optional: when its file is
 * missing, or reads images of another shape, the distance is skipped and the result says why and
 * how to get one.
 */
public final class FrechetMeasurement implements AutoCloseable {

    private final Path file;
    private final FeatureNetwork network;
    private final String skipped;
    private final FeatureStatistics originals;
    private final FeatureStatistics reconstructions;

    private FrechetMeasurement(Path file, FeatureNetwork network, String skipped) {
        this.file = file;
        this.network = network;
        this.skipped = skipped;
        int dimension = network == null ? 1 : network.spec().embeddingSize();
        this.originals = new FeatureStatistics(dimension);
        this.reconstructions = new FeatureStatistics(dimension);
    }

    /**
     * Opens the feature network {@code eval} names, or the default one, for images of {@code shapes}.
     *
     * @param manager the parent of the network's parameters' manager
     * @throws FeatureNetworkException naming the file when a named network is missing, unreadable
     *     or reads images of another shape, or when the default network's file exists but is damaged
     */
    public static FrechetMeasurement open(EvalSpec eval, ModelShapes shapes, NDManager manager) {
        return open(FeatureNetworks.of(eval), eval.namesFeatureNetwork(), shapes, manager);
    }

    /**
     * Opens {@code file}: the one the user named ({@code named}), or the default one.
     *
     * @see #open(EvalSpec, ModelShapes, NDManager)
     */
    static FrechetMeasurement open(Path file, boolean named, ModelShapes shapes, NDManager manager) {
        if (!named && !Files.exists(file)) {
            return new FrechetMeasurement(file, null, "no feature network at " + file + "; create it with "
                    + FeatureNetworks.CREATE_COMMAND + ", or name one in eval.featureNetwork");
        }
        FeatureNetwork network;
        try {
            network = FeatureNetwork.load(file, manager);
        } catch (FeatureNetworkException e) {
            throw named ? e : new FeatureNetworkException(e.getMessage() + " (the default feature network: create it "
                    + "again with " + FeatureNetworks.CREATE_COMMAND + ", or name another in eval.featureNetwork)", e);
        }
        Optional<String> mismatch = mismatch(network.spec(), shapes);
        if (mismatch.isPresent()) {
            network.close();
            if (named) {
                throw new FeatureNetworkException("feature network file " + file + " " + mismatch.get());
            }
            return new FrechetMeasurement(file, null, "the default feature network " + file + " " + mismatch.get()
                    + "; name a network trained on such images in eval.featureNetwork");
        }
        return new FrechetMeasurement(file, network, "");
    }

    /**
     * Opens and closes the network an experiment will be evaluated with, so that a missing or
     * incompatible file the user named stops a command before it trains.
     *
     * @param configFile the config file, for the message
     * @throws ConfigException at {@code eval.featureNetwork}, naming the file
     */
    public static void check(Experiment experiment, Path configFile) {
        Path file = FeatureNetworks.of(experiment.eval());
        if (!experiment.eval().namesFeatureNetwork() && !Files.exists(file)) {
            return;
        }
        try (NDManager manager = NDManager.newBaseManager();
                FrechetMeasurement ignored = open(experiment.eval(), experiment.shapes(), manager)) {
            // opening is the check
        } catch (FeatureNetworkException e) {
            throw new ConfigException(configFile, List.of(new ConfigProblem("eval.featureNetwork", e.getMessage())));
        }
    }

    /** Why a network cannot measure images of {@code shapes}; empty when it can. */
    static Optional<String> mismatch(FeatureNetworkSpec spec, ModelShapes shapes) {
        if (spec.inputChannels() == shapes.imageChannels() && spec.imageSize() == shapes.imageHeight()
                && spec.imageSize() == shapes.imageWidth()) {
            return Optional.empty();
        }
        return Optional.of("reads images of " + spec.inputChannels() + "x" + spec.imageSize() + "x" + spec.imageSize()
                + " (channels x height x width); the experiment's images are " + shapes.imageChannels() + "x"
                + shapes.imageHeight() + "x" + shapes.imageWidth());
    }

    /**
     * Adds a batch of test images and their reconstructions, both (B, C, H, W) in [0, 1]. The
     * features are computed on the images' manager.
     */
    public void add(NDArray images, NDArray reconstructed) {
        if (network == null) {
            return;
        }
        originals.add(network.embedding(images).toFloatArray());
        reconstructions.add(network.embedding(reconstructed).toFloatArray());
    }

    /** The distance between everything added, or why there is none. */
    public FrechetResult result() {
        if (network == null) {
            return FrechetResult.skipped(file, skipped);
        }
        if (originals.count() < 2) {
            return FrechetResult.skipped(file, "a covariance needs at least 2 test images, got " + originals.count());
        }
        return new FrechetResult(file, FrechetDistance.between(originals, reconstructions), "");
    }

    @Override
    public void close() {
        if (network != null) {
            network.close();
        }
    }
}

package org.vqforge.runner.config;

import java.util.List;
import org.vqforge.api.plugin.ModelShapes;

/** The datasets an experiment can name, and the image shape of each. */
public final class DatasetShapes {

    /** The dataset names {@code data.dataset} accepts. */
    public static final List<String> NAMES = List.of("fashion-mnist", "mnist");

    private DatasetShapes() {}

    /**
     * The shapes a model for {@code dataset} is built for.
     *
     * @throws IllegalArgumentException for a dataset not in {@link #NAMES}
     */
    public static ModelShapes of(String dataset, int latentChannels) {
        switch (dataset) {
            case "fashion-mnist":
            case "mnist":
                return new ModelShapes(1, 28, 28, latentChannels);
            default:
                throw new IllegalArgumentException("unknown dataset '" + dataset + "'; known: " + NAMES);
        }
    }
}

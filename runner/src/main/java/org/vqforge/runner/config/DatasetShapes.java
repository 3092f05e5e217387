package org.vqforge.runner.config;

import java.util.List;
import org.vqforge.api.plugin.ModelShapes;

/** The datasets an experiment can name, and the image shape of each. */
public final class DatasetShapes {

    /** The dataset names {@code data.dataset} accepts. */
    public static final List<String> NAMES = List.of("fashion-mnist", "mnist", DataSpec.IMAGE_FOLDER);

    private DatasetShapes() {}

    /**
     * The shapes a model for an IDX dataset is built for.
     *
     * @throws IllegalArgumentException for a dataset not in {@link #NAMES}, or an image folder
     *     (whose shape is configured: use {@link #of(DataSpec, int)})
     */
    public static ModelShapes of(String dataset, int latentChannels) {
        switch (dataset) {
            case "fashion-mnist":
            case "mnist":
                return new ModelShapes(1, 28, 28, latentChannels);
            case DataSpec.IMAGE_FOLDER:
                throw new IllegalArgumentException("an image folder's shape is configured (data.channels, data.imageSize)");
            default:
                throw new IllegalArgumentException("unknown dataset '" + dataset + "'; known: " + NAMES);
        }
    }

    /** The shapes a model for the images {@code data} describes is built for. */
    public static ModelShapes of(DataSpec data, int latentChannels) {
        if (data.isImageFolder()) {
            int size = data.folder().imageSize();
            return new ModelShapes(data.folder().channels(), size, size, latentChannels);
        }
        return of(data.dataset(), latentChannels);
    }
}

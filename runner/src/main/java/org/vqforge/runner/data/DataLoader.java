package org.vqforge.runner.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vqforge.runner.config.DataSpec;

/** Loads the train and test images a config names. */
public final class DataLoader {

    private DataLoader() {}

    /**
     * Checks, without reading them, that the files {@link #load} would read are there: the IDX
     * files of both splits, or the image folder.
     */
    public static void checkFiles(DataSpec spec, DatasetLocator locator) {
        if (spec.isImageFolder()) {
            ImageFolder.folder(spec.path(), "data.path");
            return;
        }
        Path dir = locator.directory(spec.dataset(), spec.path());
        locator.imagesFile(dir, "train");
        locator.imagesFile(dir, "t10k");
    }

    /** Reads both splits, applying the configured limits; skipped image files are reported on stderr. */
    public static TrainingData load(DataSpec spec, DatasetLocator locator) {
        if (spec.isImageFolder()) {
            return ImageFolder.load(spec, System.err::println);
        }
        Path dir = locator.directory(spec.dataset(), spec.path());
        Path trainFile = locator.imagesFile(dir, "train");
        Path testFile = locator.imagesFile(dir, "t10k");
        ImageSet train = IdxReader.readImages(trainFile).limit(spec.trainLimit());
        ImageSet test = IdxReader.readImages(testFile).limit(spec.testLimit());
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new DataException(testFile, "images are " + test.height() + "x" + test.width()
                    + " but the training images are " + train.height() + "x" + train.width());
        }
        return new TrainingData(spec.dataset(), train, test, List.of(trainFile, testFile));
    }

    /**
     * The labels of the training ({@code train} true) or test images that {@link #load} reads, when
     * the dataset has them: the IDX label file next to the images, limited like the images. An image
     * folder has none, nor has an IDX folder without label files.
     *
     * @throws DataException when the label file is damaged
     */
    public static Optional<Labels> labels(DataSpec spec, DatasetLocator locator, boolean train) {
        if (spec.isImageFolder()) {
            return Optional.empty();
        }
        Path dir = locator.directory(spec.dataset(), spec.path());
        String split = train ? "train" : "t10k";
        Optional<Path> file = locator.findLabelsFile(dir, split);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        byte[] all = IdxReader.readLabels(file.get());
        int limit = train ? spec.trainLimit() : spec.testLimit();
        int n = limit <= 0 ? all.length : Math.min(limit, all.length);
        int[] values = new int[n];
        int classes = 0;
        for (int i = 0; i < all.length; i++) {
            int label = all[i] & 0xff;
            classes = Math.max(classes, label + 1);
            if (i < n) {
                values[i] = label;
            }
        }
        return Optional.of(new Labels(values, classes, file.get()));
    }
}

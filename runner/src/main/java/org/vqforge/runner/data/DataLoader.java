package org.vqforge.runner.data;

import java.nio.file.Path;
import java.util.List;
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
}

package org.vqforge.runner.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;

/**
 * The {@code data} section.
 *
 * @param dataset one of {@link DatasetShapes#NAMES}
 * @param path where the dataset files are (the image folder for {@code image-folder}); empty for
 *     the default look-up of the IDX datasets
 * @param trainLimit how many training images to use; 0 for all
 * @param testLimit how many test images to use; 0 for all
 * @param folder how an {@code image-folder} dataset is read; ignored by the IDX datasets
 */
public record DataSpec(String dataset, String path, int trainLimit, int testLimit, FolderOptions folder) {

    /** The dataset read from a folder of image files. */
    public static final String IMAGE_FOLDER = "image-folder";

    /** File name endings (lower case) that an image folder's images have. */
    public static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    /** What {@code data.onUnreadable} accepts. */
    public static final List<String> ON_UNREADABLE = List.of("skip", "fail");

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .choice("dataset", "fashion-mnist", DatasetShapes.NAMES, "the image dataset")
            .string("path", "", "folder with the dataset's IDX files (empty for the default look-up), or the "
                    + "image-folder's folder of PNG/JPEG files (subfolders included)")
            .integer("trainLimit", 0, 0, null, "training images to use; 0 for all")
            .integer("testLimit", 0, 0, null, "test images to use; 0 for all")
            .integer("imageSize", FolderOptions.DEFAULTS.imageSize(), 8, 1024,
                    "image-folder: height and width; the shorter side is resized to it, then the centre is cropped")
            .integer("channels", FolderOptions.DEFAULTS.channels(), 1, 3,
                    "image-folder: 1 (grayscale) or 3 (RGB); images are converted to it")
            .realExclusive("testFraction", FolderOptions.DEFAULTS.testFraction(), 0.0, 1.0,
                    "image-folder: share of the images held out for testing, chosen by a hash of each relative path;"
                    + " unused with testPath")
            .string("testPath", "", "image-folder: a separate folder of test images; empty to split path")
            .choice("onUnreadable", "skip", ON_UNREADABLE,
                    "image-folder: a file that cannot be decoded is reported and skipped, or stops the run")
            .build();

    /** The spec of resolved {@code data} values. */
    public static DataSpec from(Parameters data) {
        return new DataSpec(data.getString("dataset"), data.getString("path"), data.getInt("trainLimit"),
                data.getInt("testLimit"), new FolderOptions(data.getInt("imageSize"), data.getInt("channels"),
                        data.getDouble("testFraction"), data.getString("testPath"),
                        "skip".equals(data.getString("onUnreadable"))));
    }

    /** An IDX dataset's section: the folder options at their defaults. */
    public DataSpec(String dataset, String path, int trainLimit, int testLimit) {
        this(dataset, path, trainLimit, testLimit, FolderOptions.DEFAULTS);
    }

    /** Whether the images come from a folder of image files. */
    public boolean isImageFolder() {
        return IMAGE_FOLDER.equals(dataset);
    }

    /** Whether {@code file} is one an image folder reads: a regular file named .png, .jpg or .jpeg. */
    public static boolean isImageFile(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith) && Files.isRegularFile(file);
    }

    /**
     * How an image folder becomes images.
     *
     * @param imageSize height and width of every image after resizing and centre-cropping
     * @param channels 1 (grayscale) or 3 (RGB); images are converted to it
     * @param testFraction share of {@code path}'s images held out for testing, chosen by a hash of
     *     each file's relative path; unused when {@code testPath} is set
     * @param testPath a separate folder of test images; empty to split {@code path}
     * @param skipUnreadable true to report an unreadable file and go on, false to stop at it
     */
    public record FolderOptions(int imageSize, int channels, double testFraction, String testPath,
            boolean skipUnreadable) {

        /** The schema's defaults. */
        public static final FolderOptions DEFAULTS = new FolderOptions(64, 3, 0.1, "", true);
    }
}

package org.vqforge.runner.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a dataset's IDX files: the configured {@code data.path} first, then the directory the
 * Debian package installs ({@code dataset-fashion-mnist} puts Fashion-MNIST in
 * /usr/share/datasets/fashion-mnist).
 */
public final class DatasetLocator {

    /** Where Debian's packages put the datasets. */
    public static final Path SYSTEM_DATASETS = Path.of("/usr/share/datasets");

    private final Path systemRoot;

    public DatasetLocator() {
        this(SYSTEM_DATASETS);
    }

    /** A locator with another system directory, for tests. */
    public DatasetLocator(Path systemRoot) {
        this.systemRoot = systemRoot;
    }

    /** The IDX files of a split. */
    public record Split(Path images) {}

    /**
     * The directory holding the dataset.
     *
     * @param dataset {@code fashion-mnist} or {@code mnist}
     * @param configured the {@code data.path} value; empty for the default look-up
     */
    public Path directory(String dataset, String configured) {
        List<Path> tried = new ArrayList<>();
        if (!configured.isBlank()) {
            return ImageFolder.folder(configured, "data.path");
        }
        Path system = systemRoot.resolve(dataset);
        tried.add(system);
        if (Files.isDirectory(system)) {
            return system;
        }
        throw new DataException("no " + dataset + " data found (looked in " + tried + "); set data.path to a "
                + "directory with the IDX files, or install it: apt-get install -y dataset-" + dataset);
    }

    /** The images file of {@code split} ("train" or "t10k") in {@code dir}, .gz or raw. */
    public Path imagesFile(Path dir, String split) {
        String base = split + "-images-idx3-ubyte";
        Optional<Path> found = first(dir.resolve(base + ".gz"), dir.resolve(base), dir.resolve(split + "-images.idx3-ubyte"));
        return found.orElseThrow(() -> new DataException(dir.resolve(base + ".gz"),
                "no such file (also tried " + base + " without .gz)"));
    }

    /** The labels file of {@code split} ("train" or "t10k") in {@code dir}, .gz or raw. */
    public Path labelsFile(Path dir, String split) {
        String base = split + "-labels-idx1-ubyte";
        return findLabelsFile(dir, split).orElseThrow(() -> new DataException(dir.resolve(base + ".gz"),
                "no such file (also tried " + base + " without .gz)"));
    }

    /** The labels file of {@code split} in {@code dir}, if there is one (a dataset may come without labels). */
    public Optional<Path> findLabelsFile(Path dir, String split) {
        String base = split + "-labels-idx1-ubyte";
        return first(dir.resolve(base + ".gz"), dir.resolve(base), dir.resolve(split + "-labels.idx1-ubyte"));
    }

    private static Optional<Path> first(Path... candidates) {
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}

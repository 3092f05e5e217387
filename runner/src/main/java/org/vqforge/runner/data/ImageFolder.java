package org.vqforge.runner.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.vqforge.runner.config.DataSpec;
import org.vqforge.runner.files.Hashing;

/**
 * The {@code image-folder} dataset: every PNG and JPEG file under {@code data.path} (subfolders
 * included, in the order of their relative paths), decoded once into the same bytes in memory as
 * the IDX datasets, so batching and evaluation are shared.
 *
 * <p>Without {@code data.testPath}, a file is a test image when a hash of its relative path falls
 * below {@code data.testFraction}: the split of a file never depends on the other files, so adding
 * images to the folder does not move the ones already there between train and test.
 */
public final class ImageFolder {

    /** A file left out, and why. */
    public record Skipped(Path file, String reason) {}

    /** Images decoded from files, and those files (the unreadable ones left out), in order. */
    record Decoded(ImageSet images, List<Path> files) {}

    private ImageFolder() {}

    /**
     * Reads both splits of an image-folder dataset.
     *
     * @param report receives one line per skipped file and a summary line
     * @throws DataException naming the file or the key when the images cannot be used
     */
    public static TrainingData load(DataSpec spec, Consumer<String> report) {
        DataSpec.FolderOptions options = spec.folder();
        ImageDecoder decoder = new ImageDecoder(options.imageSize(), options.channels());
        Path root = folder(spec.path(), "data.path");
        List<Path> trainFiles;
        List<Path> testFiles;
        List<Path> sources;
        if (options.testPath().isBlank()) {
            List<Path> all = list(root, "data.path");
            trainFiles = new ArrayList<>();
            testFiles = new ArrayList<>();
            for (Path file : all) {
                (isTest(relativeKey(root, file), options.testFraction()) ? testFiles : trainFiles).add(file);
            }
            String fraction = "data.testFraction: " + options.testFraction() + " of the " + all.size() + " images in "
                    + root;
            if (testFiles.isEmpty()) {
                throw new DataException(fraction + " selects no test image; raise it or name a test folder in data.testPath");
            }
            if (trainFiles.isEmpty()) {
                throw new DataException(fraction + " leaves no training image; lower it or name a test folder in data.testPath");
            }
            sources = List.of(root);
        } else {
            Path testRoot = folder(options.testPath(), "data.testPath");
            trainFiles = list(root, "data.path");
            testFiles = list(testRoot, "data.testPath");
            sources = List.of(root, testRoot);
        }
        List<Skipped> skipped = new ArrayList<>();
        Consumer<Skipped> onSkip = s -> {
            skipped.add(s);
            report.accept("skipped " + s.file() + ": " + s.reason());
        };
        Decoded trainSet = decode(trainFiles, spec.trainLimit(), decoder, options.skipUnreadable(), onSkip, "data.path");
        Decoded testSet = decode(testFiles, spec.testLimit(), decoder, options.skipUnreadable(), onSkip,
                options.testPath().isBlank() ? "data.path" : "data.testPath");
        ImageSet train = trainSet.images();
        ImageSet test = testSet.images();
        report.accept(String.format("image-folder: %d training and %d test images of %dx%dx%d from %s%s",
                train.count(), test.count(), train.channels(), train.height(), train.width(),
                String.join(" and ", sources.stream().map(Path::toString).toList()),
                skipped.isEmpty() ? "" : " (" + skipped.size() + " unreadable files skipped)"));
        // provenance hashes the files the images came from
        List<Path> read = new ArrayList<>(trainSet.files());
        read.addAll(testSet.files());
        return new TrainingData(spec.dataset(), train, test, read);
    }

    /**
     * Decodes {@code files} in order, in parallel, until {@code limit} images (0: all) are read.
     *
     * @param skipUnreadable report and leave out a file that cannot be decoded, rather than stop
     * @param key the config key the files come from, for messages
     */
    static Decoded decode(List<Path> files, int limit, ImageDecoder decoder, boolean skipUnreadable,
            Consumer<Skipped> onSkip, String key) {
        int want = limit > 0 ? Math.min(limit, files.size()) : files.size();
        int bytes = decoder.imageBytes();
        if ((long) want * bytes > Integer.MAX_VALUE - 8) {
            throw new DataException(key + ": " + want + " images of " + bytes + " bytes do not fit in one array (2 GB);"
                    + " lower data.imageSize or set a limit (data.trainLimit, data.testLimit)");
        }
        byte[] pixels = new byte[want * bytes];
        int have = 0;
        int next = 0;
        List<Path> used = new ArrayList<>();
        while (have < want && next < files.size()) {
            int take = Math.min(want - have, files.size() - next);
            List<Path> chunk = files.subList(next, next + take);
            String[] failures = new String[take];
            int base = have;
            IntStream.range(0, take).parallel().forEach(i -> {
                try {
                    decoder.decode(chunk.get(i), pixels, (base + i) * bytes);
                } catch (ImageDecoder.UnreadableImageException e) {
                    failures[i] = e.getMessage();
                }
            });
            // failures are handled in file order, so the report and the first failing file are deterministic
            for (int i = 0; i < take; i++) {
                if (failures[i] != null) {
                    if (!skipUnreadable) {
                        throw new DataException(chunk.get(i), failures[i]
                                + " (data.onUnreadable is fail; set it to skip to leave such files out)");
                    }
                    onSkip.accept(new Skipped(chunk.get(i), failures[i]));
                } else {
                    if (have != base + i) {
                        System.arraycopy(pixels, (base + i) * bytes, pixels, have * bytes, bytes);
                    }
                    used.add(chunk.get(i));
                    have++;
                }
            }
            next += take;
        }
        if (have == 0) {
            throw new DataException(key + ": none of the " + files.size() + " image files could be read"
                    + " (each skipped file is listed above)");
        }
        byte[] kept = have == want ? pixels : Arrays.copyOf(pixels, have * bytes);
        return new Decoded(new ImageSet(kept, have, decoder.channels(), decoder.size(), decoder.size()), List.copyOf(used));
    }

    /** The PNG and JPEG files under {@code root}, subfolders included, sorted by relative path. */
    static List<Path> list(Path root, String key) {
        try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            List<Path> files = walk.filter(DataSpec::isImageFile)
                    .sorted(Comparator.comparing(f -> relativeKey(root, f)))
                    .toList();
            if (files.isEmpty()) {
                throw new DataException(key + ": " + root + " holds no " + String.join(", ", DataSpec.IMAGE_EXTENSIONS)
                        + " files (subfolders included)");
            }
            return files;
        } catch (IOException | UncheckedIOException e) {
            throw new DataException(key + ": cannot list " + root + ": " + e.getMessage());
        }
    }

    /** {@code file}'s path relative to {@code root}, with '/' between names on every platform. */
    static String relativeKey(Path root, Path file) {
        List<String> names = new ArrayList<>();
        root.relativize(file).forEach(p -> names.add(p.toString()));
        return String.join("/", names);
    }

    /** Whether the file at {@code relativeKey} is a test image: the first 53 bits of its SHA-256, as a fraction, are below {@code fraction}. */
    static boolean isTest(String relativeKey, double fraction) {
        return unitHash(relativeKey) < fraction;
    }

    /** A number in [0, 1) fixed by the text alone. */
    static double unitHash(String text) {
        return (ByteBuffer.wrap(Hashing.digest(text)).getLong() >>> 11) * 0x1.0p-53;
    }

    /** The folder {@code configured} names, which must exist. */
    static Path folder(String configured, String key) {
        if (configured.isBlank()) {
            throw new DataException(key + ": the image-folder dataset needs a folder of PNG or JPEG files");
        }
        Path p;
        try {
            p = Path.of(configured);
        } catch (java.nio.file.InvalidPathException e) {
            throw new DataException(key + ": '" + configured + "' is not a valid path: " + e.getReason());
        }
        if (!Files.isDirectory(p)) {
            throw new DataException(key + ": " + p + (Files.exists(p) ? " is not a folder" : " does not exist"));
        }
        return p;
    }
}

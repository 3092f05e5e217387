package org.vqforge.runner.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.vqforge.api.plugin.Parameters;

/** The {@code data} section's value and the checks its schema cannot express. */
final class DataSection {

    /** The keys only an image folder has. */
    static final List<String> FOLDER_KEYS = List.of("imageSize", "channels", "testFraction", "testPath", "onUnreadable");

    private DataSection() {}

    /**
     * An image folder must name folders that hold images, and a channel count an image has; the
     * IDX datasets have a fixed shape, so an image folder's keys set for them are mistakes.
     *
     * @param given the keys the config sets in its data section
     */
    static void check(DataSpec spec, Set<String> given, ProblemList problems) {
        if (!spec.isImageFolder()) {
            // an unknown dataset is reported already: it may have been meant as an image folder
            boolean knownDataset = problems.list().stream().noneMatch(p -> p.key().equals("data.dataset"));
            for (String key : FOLDER_KEYS) {
                if (knownDataset && given.contains(key)) {
                    problems.add("data." + key, "only the " + DataSpec.IMAGE_FOLDER + " dataset has this key; data.dataset is "
                            + spec.dataset());
                }
            }
            return;
        }
        int channels = spec.folder().channels();
        if (channels != 1 && channels != 3) {
            problems.add("data.channels", channels + " is not a channel count of an image (allowed: 1 for grayscale, 3 for RGB)");
        }
        checkFolder("data.path", spec.path(), problems);
        if (!spec.folder().testPath().isBlank()) {
            checkFolder("data.testPath", spec.folder().testPath(), problems);
        }
    }

    /** The resolved section: every key with its value, the image folder's keys only for an image folder. */
    static Map<String, Object> tree(DataSpec spec, Parameters data) {
        Map<String, Object> tree = new LinkedHashMap<>(data.asMap());
        if (!spec.isImageFolder()) {
            tree.keySet().removeAll(FOLDER_KEYS);
        }
        return tree;
    }

    private static void checkFolder(String key, String configured, ProblemList problems) {
        if (configured.isBlank()) {
            problems.add(key, "the image-folder dataset needs a folder of PNG or JPEG files");
            return;
        }
        Path folder = Path.of(configured);
        if (!Files.isDirectory(folder)) {
            problems.add(key, folder + (Files.exists(folder) ? " is not a folder" : " does not exist"));
            return;
        }
        // stops at the first image: cheap for a full folder
        try (Stream<Path> walk = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            if (walk.noneMatch(DataSpec::isImageFile)) {
                problems.add(key, folder + " holds no " + String.join(", ", DataSpec.IMAGE_EXTENSIONS)
                        + " files (subfolders included)");
            }
        } catch (IOException | UncheckedIOException e) {
            problems.add(key, "cannot list " + folder + ": " + e.getMessage());
        }
    }
}

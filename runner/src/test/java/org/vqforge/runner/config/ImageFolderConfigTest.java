package org.vqforge.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.runner.config.ConfigFixtures.fails;
import static org.vqforge.runner.config.ConfigFixtures.keys;
import static org.vqforge.runner.config.ConfigFixtures.problemAt;
import static org.vqforge.runner.config.ConfigFixtures.resolver;
import static org.vqforge.runner.config.ConfigFixtures.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.api.plugin.ModelShapes;

/** The {@code image-folder} keys of the data section, checked before anything is built. */
class ImageFolderConfigTest {

    @TempDir
    Path dir;

    private Path config(String data) {
        return write(dir, "folder.yaml", "data:\n" + data + "model:\n  latentChannels: 8\n");
    }

    @Test
    void aFolderOfImagesGivesTheConfiguredShape() throws IOException {
        Path images = Files.createDirectories(dir.resolve("photos/cats"));
        Files.write(images.resolve("a.JPG"), new byte[] {1});
        Experiment e = resolver().resolve(config("  dataset: image-folder\n  path: " + dir.resolve("photos") + "\n"
                + "  imageSize: 32\n  channels: 1\n  testFraction: 0.2\n  onUnreadable: fail\n"), List.of());

        assertEquals(new DataSpec("image-folder", dir.resolve("photos").toString(), 0, 0,
                new DataSpec.FolderOptions(32, 1, 0.2, "", false)), e.data());
        assertEquals(new ModelShapes(1, 32, 32, 8), e.shapes());
        assertEquals(new ModelShapes(3, 64, 64, 8), resolver().resolve(config("  dataset: image-folder\n  path: "
                + dir.resolve("photos") + "\n"), List.of()).shapes(), "defaults: RGB, 64x64");
    }

    @Test
    void missingOrEmptyFoldersAndImpossibleSizesAreConfigErrorsNamingTheKey() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/sub"));
        Files.writeString(empty.resolve("readme.txt"), "no images here");
        Path config = config("  dataset: image-folder\n  path: " + dir.resolve("empty") + "\n  testPath: "
                + dir.resolve("nowhere") + "\n  imageSize: 4\n  channels: 2\n  onUnreadable: ignore\n");

        ConfigException e = fails(() -> resolver().resolve(config, List.of()));

        assertEquals(List.of("data.imageSize", "data.onUnreadable", "data.channels", "data.path", "data.testPath"),
                keys(e), e.getMessage());
        assertTrue(problemAt(e, "data.imageSize").message().contains("[8, 1024]"), e.getMessage());
        assertTrue(problemAt(e, "data.onUnreadable").message().contains("[skip, fail]"), e.getMessage());
        assertEquals("2 is not a channel count of an image (allowed: 1 for grayscale, 3 for RGB)",
                problemAt(e, "data.channels").message());
        assertEquals(dir.resolve("empty") + " holds no .png, .jpg, .jpeg files (subfolders included)",
                problemAt(e, "data.path").message());
        assertEquals(dir.resolve("nowhere") + " does not exist", problemAt(e, "data.testPath").message());
        assertTrue(e.getMessage().startsWith(config + ": data.imageSize: "), e.getMessage());
    }

    @Test
    void theImageFolderKeysAreRefusedForAnIdxDatasetAndLeftOutOfItsResolvedConfig() throws IOException {
        ConfigException e = fails(() -> resolver().resolve(config("  dataset: fashion-mnist\n  imageSize: 32\n"
                + "  onUnreadable: fail\n"), List.of()));
        assertEquals(List.of("data.imageSize", "data.onUnreadable"), keys(e));
        assertEquals("only the image-folder dataset has this key; data.dataset is fashion-mnist",
                problemAt(e, "data.imageSize").message());

        Path images = Files.createDirectories(dir.resolve("photos"));
        Files.write(images.resolve("a.png"), new byte[] {1});
        Experiment idx = resolver().resolve(config("  dataset: mnist\n"), List.of());
        assertEquals(List.of("dataset", "path", "trainLimit", "testLimit"),
                List.copyOf(((Map<?, ?>) idx.resolved().get("data")).keySet()));
        Experiment folder = resolver().resolve(config("  dataset: image-folder\n  path: " + images + "\n"), List.of());
        assertEquals(List.of("dataset", "path", "trainLimit", "testLimit", "imageSize", "channels", "testFraction",
                "testPath", "onUnreadable"), List.copyOf(((Map<?, ?>) folder.resolved().get("data")).keySet()));
    }

    @Test
    void theImageFolderNeedsAPath() {
        ConfigException e = fails(() -> resolver().resolve(config("  dataset: image-folder\n"), List.of()));
        assertEquals("the image-folder dataset needs a folder of PNG or JPEG files", problemAt(e, "data.path").message());
    }
}

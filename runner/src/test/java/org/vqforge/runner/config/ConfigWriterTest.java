package org.vqforge.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.runner.config.ConfigFixtures.resolver;
import static org.vqforge.runner.config.ConfigFixtures.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWriterTest {

    @TempDir
    Path dir;

    private Experiment unusual() {
        Path file = write(dir, "in.properties", String.join("\n",
                "experiment.name = 123",
                "data.path = /data/my sets: v2",
                "data.dataset = mnist",
                "model.latentChannels = 12",
                "model.quantizer.type = residual",
                "model.quantizer.inner.levels = 3,3,4",
                "model.quantizer.inner.beta = 0.0001",
                "model.quantizer.inner.kmeansInit = true",
                "model.decoder.hidden = 48",
                "loss.reconstruction.type = l1",
                "loss.reconstruction.weight = 0.3",
                "train.learningRate = 3e-4",
                "train.seed = 2147483647",
                ""));
        return resolver().resolve(file, List.of("experiment.name=true"));
    }

    @Test
    void writingAndReadingBackGivesAnEqualExperiment() throws IOException {
        Experiment original = unusual();
        Path out = dir.resolve("run/resolved.yaml");

        ConfigWriter.write(original, out);
        Experiment reread = resolver().resolve(out, List.of());

        assertEquals(original, reread);
        assertEquals("true", reread.name(), "a string that reads like a boolean stays a string");
        assertEquals(List.of(3, 3, 4), reread.model().quantizer().params().getPlugin("inner").params().getIntList("levels"));
    }

    @Test
    void theDefaultsRoundTripToo() throws IOException {
        Experiment defaults = resolver().resolve(write(dir, "empty.yaml", ""), List.of());
        Path out = dir.resolve("defaults.yml");

        ConfigWriter.write(defaults, out);

        assertEquals(defaults, resolver().resolve(out, List.of()));
    }

    @Test
    void theFileIsReadableYamlWithEveryKey() throws IOException {
        Path out = dir.resolve("resolved.yaml");

        ConfigWriter.write(unusual(), out);
        String text = Files.readString(out);

        assertTrue(text.startsWith("# Resolved experiment config"), text);
        assertTrue(text.contains("\ntrain:\n  steps: 0\n  epochs: 1\n"), text);
        assertTrue(text.contains("  quantizer:\n    type: residual\n    depth: 2\n    inner:\n      type: vq\n"), text);
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Path out = write(dir, "resolved.yaml", "old: content\n");

        ConfigWriter.write(unusual(), out);

        assertNotEquals("old: content\n", Files.readString(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("in.properties", "resolved.yaml"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void refusesANameThatWouldNotReadBackAsYaml() {
        Experiment experiment = unusual();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigWriter.write(experiment, dir.resolve("resolved.json")));
        assertTrue(e.getMessage().contains(".yaml or .yml"), e.getMessage());
    }
}

package org.vqforge.runner.config;

import org.vqforge.runner.recipe.Recipes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.runner.config.ConfigFixtures.PLUGINS;
import static org.vqforge.runner.config.ConfigFixtures.resolver;
import static org.vqforge.runner.config.ConfigFixtures.write;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.PluginConfig;

class ConfigResolverTest {

    @TempDir
    Path dir;

    private static PluginConfig plugin(String type, Map<String, ?> params) {
        return new PluginConfig(type, switch (type) {
            case "cpu" -> PLUGINS.backends().schema(type).with(params);
            case "conv-resnet" -> PLUGINS.architectures().schema(type).with(params);
            case "mse", "l1" -> PLUGINS.losses().schema(type).with(params);
            default -> PLUGINS.quantizers().schema(type).with(params);
        });
    }

    @Test
    void anEmptyFileGivesTheDefaults() {
        Experiment e = resolver().resolve(write(dir, "empty.yaml", "# nothing set\n"), List.of());

        assertEquals("experiment", e.name());
        assertEquals(plugin("cpu", Map.of()), e.backend());
        assertEquals(new DataSpec("fashion-mnist", "", 0, 0), e.data());
        assertEquals(new ModelSpec("vqvae", 64, plugin("conv-resnet", Map.of()), plugin("vq", Map.of()),
                plugin("conv-resnet", Map.of())), e.model());
        assertEquals(new LossSpec(plugin("mse", Map.of()), 1.0, 1.0), e.loss());
        assertEquals(new TrainSpec(0, 1, 128, 1e-3, 0, 10, 0, 500), e.train());
        assertEquals(new ModelShapes(1, 28, 28, 64), e.shapes());
    }

    @Test
    void theResolvedTreeHasEveryKeyWithItsDefault() {
        Experiment e = resolver().resolve(write(dir, "empty.yml", ""), List.of());
        Map<String, Object> encoder = Map.of("type", "conv-resnet", "hidden", 32, "heads", 1, "downsamples", 2);
        Map<String, Object> expected = Map.of(
                "experiment", Map.of("name", "experiment"),
                "backend", Map.of("type", "cpu", "threads", 0),
                "data", Map.of("dataset", "fashion-mnist", "path", "", "trainLimit", 0, "testLimit", 0),
                "model", Map.of("type", "vqvae", "latentChannels", 64, "encoder", encoder, "decoder", encoder,
                        "quantizer", Map.of("type", "vq", "codebookSize", 512, "beta", 0.25, "groups", 1,
                                "levels", List.of(8, 5, 5), "kmeansInit", false, "distance", "l2")),
                "loss", Map.of("codebookWeight", 1.0, "reconstruction", Map.of("type", "mse", "weight", 1.0),
                        "perceptual", Map.of("type", "none", "weight", 1.0)),
                "train", Map.ofEntries(Map.entry("steps", 0), Map.entry("epochs", 1), Map.entry("batchSize", 128),
                        Map.entry("learningRate", 1e-3), Map.entry("seed", 0), Map.entry("logEvery", 10),
                        Map.entry("checkpointEvery", 0), Map.entry("evalBatchSize", 500), Map.entry("gradClip", 0.0),
                        Map.entry("emaDecay", 0.0), Map.entry("schedule", "constant"), Map.entry("warmupSteps", 0),
                        Map.entry("minLearningRate", 0.0), Map.entry("beta1", 0.9), Map.entry("beta2", 0.999)),
                "eval", Map.of("featureNetwork", ""));

        assertEquals(expected, e.resolved());
        assertEquals(RunnerSchema.sectionNames(Recipes.of("vqvae")), List.copyOf(e.resolved().keySet()));
        assertEquals(List.of("type", "latentChannels", "encoder", "quantizer", "decoder"),
                List.copyOf(((Map<?, ?>) e.resolved().get("model")).keySet()));
    }

    @Test
    void readsNestedYamlWithListsAndNestedPlugins() {
        Path file = write(dir, "exp.yaml", String.join("\n",
                "experiment:",
                "  name: fsq-small",
                "backend:",
                "  type: CPU",
                "  threads: 2",
                "data:",
                "  dataset: mnist",
                "  trainLimit: 1000",
                "model:",
                "  latentChannels: 16",
                "  quantizer:",
                "    type: residual",
                "    depth: 3",
                "    inner:",
                "      codebookSize: 64",
                "      levels: [7, 5]",
                "loss:",
                "  reconstruction:",
                "    type: l1",
                "    weight: 0.5",
                "    reduction: sum",
                "train:",
                "  learningRate: 2.0e-4",
                "  seed: 42",
                ""));

        Experiment e = resolver().resolve(file, List.of());

        assertEquals("fsq-small", e.name());
        assertEquals(plugin("cpu", Map.of("threads", 2)), e.backend(), "type is matched case-insensitively, stored as declared");
        assertEquals(new DataSpec("mnist", "", 1000, 0), e.data());
        assertEquals(16, e.model().latentChannels());
        PluginConfig inner = plugin("vq", Map.of("codebookSize", 64, "levels", List.of(7, 5)));
        assertEquals(new PluginConfig("residual",
                        PLUGINS.quantizers().schema("residual").with(Map.of("depth", 3)).with("inner", inner)),
                e.model().quantizer());
        assertEquals(inner, e.model().quantizer().params().getPlugin("inner"));
        assertEquals(new LossSpec(plugin("l1", Map.of("reduction", "sum")), 0.5, 1.0), e.loss());
        assertEquals(2.0e-4, e.train().learningRate());
        assertEquals(42L, e.train().seed());
    }

    @Test
    void flatDottedKeysInYamlMeanTheSameAsNestedOnes() {
        Path file = write(dir, "flat.yaml", "train.seed: 5\nmodel.quantizer.codebookSize: 32\n");

        Experiment e = resolver().resolve(file, List.of());

        assertEquals(5L, e.train().seed());
        assertEquals(32, e.model().quantizer().params().getInt("codebookSize"));
    }

    @Test
    void readsPropertiesFilesWithCommaLists() {
        Path file = write(dir, "exp.properties", String.join("\n",
                "experiment.name = from-properties",
                "data.dataset = mnist",
                "model.quantizer.levels = 8, 6,5",
                "model.quantizer.kmeansInit = true",
                "train.batchSize = 64",
                "train.learningRate = 0.01",
                ""));

        Experiment e = resolver().resolve(file, List.of());

        assertEquals("from-properties", e.name());
        assertEquals("mnist", e.data().dataset());
        assertEquals(List.of(8, 6, 5), e.model().quantizer().params().getIntList("levels"));
        assertTrue(e.model().quantizer().params().getBoolean("kmeansInit"));
        assertEquals(64, e.train().batchSize());
        assertEquals(0.01, e.train().learningRate());
    }

    @Test
    void overridesWinOverTheFileAndAddNewKeys() {
        Path file = write(dir, "exp.yaml", "train:\n  seed: 1\n  steps: 10\nmodel:\n  quantizer:\n    levels: [8, 5, 5]\n");

        Experiment e = resolver().resolve(file, List.of(
                "train.seed=9", " train.epochs = 3 ", "model.quantizer.levels=4,4", "experiment.name=a=b"));

        assertEquals(9L, e.train().seed());
        assertEquals(10, e.train().steps(), "keys not overridden keep the file's value");
        assertEquals(3, e.train().epochs());
        assertEquals(List.of(4, 4), e.model().quantizer().params().getIntList("levels"));
        assertEquals("a=b", e.name(), "only the first '=' separates key and value");
    }

    @Test
    void anOverrideCanSwitchAPluginAndSetItsParameters() {
        Path file = write(dir, "exp.yaml", "loss:\n  reconstruction:\n    type: mse\n");

        Experiment e = resolver().resolve(file, List.of("loss.reconstruction.type=l1",
                "loss.reconstruction.reduction=sum"));

        assertEquals(plugin("l1", Map.of("reduction", "sum")), e.loss().reconstruction());
    }

    @Test
    void referencesToOtherKeysAreResolvedWithTheirTypes() {
        Path file = write(dir, "refs.yaml", String.join("\n",
                "train:",
                "  seed: 7",
                "  logEvery: ${train.seed}",
                "experiment:",
                "  name: run-${train.seed}-${data.dataset}",
                "data:",
                "  dataset: mnist",
                ""));

        Experiment e = resolver().resolve(file, List.of("train.checkpointEvery=${train.logEvery}"));

        assertEquals(7, e.train().logEvery());
        assertEquals(7, e.train().checkpointEvery(), "references reach through other references and overrides");
        assertEquals("run-7-mnist", e.name());
        assertEquals(7, ((Map<?, ?>) e.resolved().get("train")).get("logEvery"));
    }

    @Test
    void referencesWorkInPropertiesFilesToo() {
        Path file = write(dir, "refs.properties", "train.seed = 3\nexperiment.name = seed-${train.seed}\n");

        assertEquals("seed-3", resolver().resolve(file, List.of()).name());
    }

    @Test
    void resolveTreeAcceptsNestedMaps() {
        Experiment e = resolver().resolveTree(Map.of(
                "train", Map.of("steps", 5),
                "model.quantizer", Map.of("type", "residual", "inner.codebookSize", 16)), "in-memory");

        assertEquals(5, e.train().steps());
        assertEquals(16, e.model().quantizer().params().getPlugin("inner").params().getInt("codebookSize"));
    }

    @Test
    void bothDatasetsMapToTwentyEightSquareGreyImages() {
        assertEquals(new ModelShapes(1, 28, 28, 8), DatasetShapes.of("mnist", 8));
        assertEquals(new ModelShapes(1, 28, 28, 64), DatasetShapes.of("fashion-mnist", 64));
    }
}

package org.vqforge.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.runner.config.ConfigFixtures.fails;
import static org.vqforge.runner.config.ConfigFixtures.keys;
import static org.vqforge.runner.config.ConfigFixtures.problemAt;
import static org.vqforge.runner.config.ConfigFixtures.resolver;
import static org.vqforge.runner.config.ConfigFixtures.write;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.api.plugin.ConfigProblem;

class ConfigProblemsTest {

    @TempDir
    Path dir;

    @Test
    void wrongTypeNamesKeyValueAndWhatIsAllowed() {
        Path file = write(dir, "exp.yaml", "train:\n  steps: many\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals(List.of(new ConfigProblem("train.steps", "'many' is not an integer (allowed: [0, +inf))")),
                e.problems());
        assertEquals(file, e.file());
        assertEquals(file + ": train.steps: 'many' is not an integer (allowed: [0, +inf))", e.getMessage());
    }

    @Test
    void aBadScheduleNamesTheKeyAndTheAllowedValues() {
        Path file = write(dir, "exp.yaml", "train:\n  learningRate: 0.001\n  schedule: linear\n  minLearningRate: 0.01\n"
                + "  warmupSteps: -5\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals("'linear' is not one of [constant, cosine]", problemAt(e, "train.schedule").message());
        assertEquals("0.01 is above train.learningRate 0.001 (allowed: [0, train.learningRate])",
                problemAt(e, "train.minLearningRate").message());
        assertTrue(problemAt(e, "train.warmupSteps").message().startsWith("-5 is outside [0, +inf)"), e.getMessage());
        assertEquals(3, e.problems().size(), e.getMessage());
    }

    @Test
    void outOfRangeValuesAreProblems() {
        Path file = write(dir, "exp.yaml", "train:\n  learningRate: 0\n  batchSize: 65537\nmodel:\n  latentChannels: 0\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals("0 is outside (0, 10]", problemAt(e, "train.learningRate").message());
        assertEquals("65537 is outside [1, 65536]", problemAt(e, "train.batchSize").message());
        assertEquals("0 is outside [1, 4096]", problemAt(e, "model.latentChannels").message());
        assertEquals(3, e.problems().size(), e.getMessage());
    }

    @Test
    void unknownKeyListsTheKnownKeysOfItsSectionAndTheNearest() {
        Path file = write(dir, "exp.yaml", "train:\n  stpes: 10\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals("unknown key 'stpes'; did you mean 'steps'? known keys of train: steps, epochs, batchSize,"
                + " learningRate, seed, logEvery, checkpointEvery, evalBatchSize, gradClip, emaDecay, schedule,"
                + " warmupSteps, minLearningRate, beta1, beta2",
                problemAt(e, "train.stpes").message());
    }

    @Test
    void unknownKeyInAPluginSlotListsTheSlotsKeys() {
        Path file = write(dir, "exp.yaml", "model:\n  quantizer:\n    codebooksize: 10\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals("unknown key 'codebooksize'; did you mean 'codebookSize'? known keys of model.quantizer (vq):"
                + " type, codebookSize, beta, groups, levels, kmeansInit, distance",
                problemAt(e, "model.quantizer.codebooksize").message());
    }

    @Test
    void unknownSectionReportsEachKeyUnderIt() {
        Path file = write(dir, "exp.yaml", "trian:\n  steps: 1\n  seed: 2\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals(List.of("trian.steps", "trian.seed"), keys(e));
        assertEquals("unknown section 'trian'; did you mean 'train'? known sections: experiment, backend, data,"
                + " model, loss, train, eval", e.problems().get(0).message());
    }

    @Test
    void unknownPluginTypeNamesAvailableAndNearest() {
        Path file = write(dir, "exp.yaml", "model:\n  quantizer:\n    type: vqq\n    codebookSize: 8\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals(List.of(new ConfigProblem("model.quantizer.type",
                "unknown quantizer 'vqq'; did you mean 'vq'? available: ouroboros, residual, vq")), e.problems(),
                "the parameters of an unknown plugin are not judged");
    }

    @Test
    void everyProblemIsReportedAtOnceWithFileAndKey() {
        Path file = write(dir, "exp.yaml", String.join("\n",
                "experiment:",
                "  nmae: x",
                "data:",
                "  dataset: cifar",
                "  trainLimit: -1",
                "model:",
                "  encoder:",
                "    type: transformer",
                "  quantizer:",
                "    codebookSize: 1",
                "loss:",
                "  reconstruction:",
                "    weight: -2",
                "train:",
                "  epochs: zero",
                ""));

        ConfigException e = fails(() -> resolver().resolve(file, List.of("train.seed=-3", "oops")));

        assertEquals(List.of("experiment.nmae", "data.dataset", "data.trainLimit", "model.encoder.type",
                "model.quantizer.codebookSize", "loss.reconstruction.weight", "train.epochs", "train.seed", "oops"),
                keys(e).stream().sorted((a, b) -> order(a) - order(b)).toList());
        assertEquals(9, e.problems().size(), e.getMessage());
        String[] lines = e.getMessage().split("\n");
        assertEquals(9, lines.length);
        for (String line : lines) {
            assertTrue(line.startsWith(file + ": "), line);
        }
        assertTrue(e.getMessage().contains(file + ": data.dataset: 'cifar' is not one of [fashion-mnist, mnist, image-folder]"),
                e.getMessage());
        assertTrue(problemAt(e, "train.seed").message().endsWith("(set on the command line)"));
        assertTrue(problemAt(e, "oops").message().startsWith("malformed override 'oops'; expected key=value"));
    }

    private static int order(String key) {
        return List.of("experiment.nmae", "data.dataset", "data.trainLimit", "model.encoder.type",
                "model.quantizer.codebookSize", "loss.reconstruction.weight", "train.epochs", "train.seed", "oops")
                .indexOf(key);
    }

    @Test
    void pluginChecksRunOnceSchemasPassAndAreKeyedUnderTheSlot() {
        Path file = write(dir, "exp.yaml", String.join("\n",
                "model:",
                "  latentChannels: 10",
                "  encoder:",
                "    hidden: 30",
                "    heads: 4",
                "    downsamples: 3",
                "  quantizer:",
                "    groups: 4",
                ""));

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals(List.of(
                new ConfigProblem("model.encoder.heads", "must divide hidden (30)"),
                new ConfigProblem("model.encoder.downsamples", "28x28 images cannot be halved 3 times"),
                new ConfigProblem("model.quantizer.groups", "must divide the latent channels (10)")), e.problems());
    }

    @Test
    void pluginChecksWaitForTheShapes() {
        Path file = write(dir, "exp.yaml", "model:\n  latentChannels: 0\n  quantizer:\n    groups: 4\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals(List.of("model.latentChannels"), keys(e), "no check runs with invalid shapes");
    }

    @Test
    void aSlotGivenAsAValueSaysHowToChooseThePlugin() {
        Path file = write(dir, "exp.yaml", "model:\n  quantizer: vq\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals("is a quantizer plugin slot, not a value; choose the plugin with model.quantizer.type",
                problemAt(e, "model.quantizer").message());
    }

    @Test
    void aSectionGivenAsAValueIsAProblem() {
        Path file = write(dir, "exp.yaml", "train: 5\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals("must be a section with keys under it, not a value ('5')", problemAt(e, "train").message());
    }

    @Test
    void aValueGivenAsASectionIsAProblem() {
        Path file = write(dir, "exp.yaml", "train:\n  steps:\n    x: 1\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals("expected integer in [0, +inf), not a section", problemAt(e, "train.steps").message());
    }

    @Test
    void aKeyGivenTwiceInTheFileIsAProblem() {
        Path file = write(dir, "exp.yaml", "train:\n  seed: 1\ntrain.seed: 2\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals("given twice", problemAt(e, "train.seed").message());
    }

    @Test
    void anOverrideThatMakesAValueOfASectionIsAProblem() {
        Path file = write(dir, "exp.yaml", "model:\n  quantizer:\n    type: vq\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of("model.quantizer=residual")));

        assertEquals("given both as a value and as a section (set on the command line)",
                problemAt(e, "model.quantizer").message());
    }

    @Test
    void aKeyWithoutAValueIsAProblem() {
        Path file = write(dir, "exp.yaml", "train:\n  seed:\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals("has no value; expected integer in [0, +inf)", problemAt(e, "train.seed").message());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("absent.yaml");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals(file, e.file());
        assertEquals(file + ": config file not found", e.getMessage());
    }

    @Test
    void anUnsupportedExtensionNamesTheAllowedOnes() {
        Path file = write(dir, "exp.json", "{}");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals(file + ": unsupported config file type; allowed extensions: .yaml, .yml, .properties",
                e.getMessage());
    }

    @Test
    void unparsableYamlIsReportedWithoutValidatingFurther() {
        Path file = write(dir, "bad.yaml", "train: [1\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of("train.seed=x")));

        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("", e.problems().get(0).key());
        assertTrue(e.problems().get(0).message().startsWith("cannot read YAML: "), e.getMessage());
    }

    @Test
    void propertiesIncludesAreNotFollowed() {
        write(dir, "other.properties", "train.seed = 99\n");
        Path file = write(dir, "exp.properties", "include = other.properties\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals(List.of(new ConfigProblem("include", "includes are not supported; put every key in one file")),
                e.problems());
    }

    @Test
    void aPluginDeclaringARunnerOwnedKeyIsReported() {
        Path file = write(dir, "exp.yaml", "loss:\n  reconstruction:\n    type: greedy\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertEquals("loss plugin 'greedy' declares 'weight', which the runner owns at this key; the plugin must"
                + " rename it", problemAt(e, "loss.reconstruction.weight").message());
    }

    @Test
    void anOverrideCanFixAProblemInTheFile() {
        Path file = write(dir, "exp.yaml", "train:\n  steps: many\n");

        assertEquals(3, resolver().resolve(file, List.of("train.steps=3")).train().steps());
    }
}

package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.runner.cli.TrainEndToEndTest.vqf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.runner.cli.TrainEndToEndTest.Result;
import org.yaml.snakeyaml.Yaml;

/** {@code train --dry-run} with {@code ~key} deletions and slot types changed on the command line. */
class DryRunOverridesTest {

    private static final String CONFIG = TrainEndToEndTest.CONFIG;

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> tree, String... path) {
        Map<String, Object> m = tree;
        for (String p : path) {
            m = (Map<String, Object>) m.get(p);
        }
        return m;
    }

    private Map<String, Object> dryRun(String... overrides) {
        String[] args = new String[overrides.length + 5];
        args[0] = "train";
        args[1] = CONFIG;
        System.arraycopy(overrides, 0, args, 2, overrides.length);
        args[overrides.length + 2] = "--dry-run";
        args[overrides.length + 3] = "--run-dir";
        args[overrides.length + 4] = dir.resolve("run").toString();
        Result r = vqf(args);
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(Files.exists(dir.resolve("run")), "a dry run writes nothing");
        assertTrue(r.out().contains("# dry run: checked; would train into " + dir.resolve("run")), r.out());
        return new Yaml().load(r.out());
    }

    @Test
    void aDryRunPrintsTheResolvedConfigAndWritesNothing() {
        Map<String, Object> resolved = dryRun("train.steps=7");
        assertEquals(7, section(resolved, "train").get("steps"));
        // the flagship's quantizer as its file states it
        assertEquals(Map.of("type", "ema", "codebookSize", 512, "decay", 0.9),
                Map.of("type", section(resolved, "model", "quantizer").get("type"),
                        "codebookSize", section(resolved, "model", "quantizer").get("codebookSize"),
                        "decay", section(resolved, "model", "quantizer").get("decay")));
    }

    @Test
    void aTildeDeletesAKeySoItsDefaultApplies() {
        assertEquals(100, section(dryRun(), "train").get("checkpointEvery"), "the file's value");
        assertEquals(0, section(dryRun("~train.checkpointEvery"), "train").get("checkpointEvery"), "the default");

        Result missing = vqf("train", CONFIG, "~train.nothing", "--dry-run");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("train.nothing: nothing to delete: the config has no key train.nothing"
                + " (set on the command line)"), missing.err());
    }

    @Test
    void changingASlotsTypeDropsTheFilesParametersTheNewPluginLacksWithOneNotice() {
        Result r = vqf("train", CONFIG, "model.quantizer.type=fsq", "--dry-run");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("notice: a plugin type set on the command line does not declare these parameters of " + CONFIG
                + "; they are dropped: model.quantizer.codebookSize, model.quantizer.beta, model.quantizer.decay,"
                + " model.quantizer.eps, model.quantizer.init, model.quantizer.kmeansIterations,"
                + " model.quantizer.deadCodeThreshold\n", r.err());
        Map<String, Object> quantizer = section(new Yaml().load(r.out()), "model", "quantizer");
        assertEquals("fsq", quantizer.get("type"));
        assertFalse(quantizer.containsKey("codebookSize"), quantizer.toString());
    }

    @Test
    void parametersGivenOnTheCommandLineStayStrict() {
        Result r = vqf("train", CONFIG, "model.quantizer.type=fsq", "model.quantizer.beta=0.3", "--dry-run");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("model.quantizer.beta: unknown key 'beta'; known keys of model.quantizer (fsq):"),
                r.err());
        assertTrue(r.err().contains("(set on the command line)"), r.err());
    }

    @Test
    void aNestedSlotsTypeChangedOnTheCommandLineDropsOnlyItsOwnParameters() throws java.io.IOException {
        Path file = Files.writeString(dir.resolve("residual.yaml"), String.join("\n",
                "model:", "  quantizer: {type: residual, levels: 2, inner: {type: vq, codebookSize: 64, beta: 0.5}}", ""));
        Result r = vqf("train", file.toString(), "model.quantizer.inner.type=fsq", "model.quantizer.inner.levels=4,4",
                "--dry-run", "--run-dir", dir.resolve("run").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("notice: a plugin type set on the command line does not declare these parameters of " + file
                + "; they are dropped: model.quantizer.inner.codebookSize, model.quantizer.inner.beta\n", r.err());
        Map<String, Object> quantizer = section(new Yaml().load(r.out()), "model", "quantizer");
        assertEquals(2, quantizer.get("levels"), "the outer slot keeps its parameters");
        assertEquals(Map.of("type", "fsq", "levels", java.util.List.of(4, 4)), quantizer.get("inner"));
    }
}

package org.vqforge.runner.study;

import org.vqforge.runner.recipe.Recipes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.discovery.Plugins;

/** The example study stays valid as plugins change: every one of its trials passes the resolver. */
class ExampleStudyTest {

    @TempDir
    Path dir;

    @Test
    void theExampleStudyPlansEveryQuantizerWithTwoSeeds() throws IOException {
        Path studyDir = dir.resolve("study");
        Ablation.Plan plan = Ablation.plan(new Ablation.Request(Path.of("../configs/ablation-quantizers.yaml"), List.of(),
                null, studyDir, 2, Launchers.DEFAULT), Recipes.resolver(Plugins.discover()), Launchers.discover());
        List<String> quantizers = List.of("vq", "ema", "gumbel", "fsq", "lfq", "residual", "product");
        assertEquals(quantizers.size() * 2, plan.trials().size());
        for (int i = 0; i < quantizers.size(); i++) {
            Trial seed0 = plan.trials().get(2 * i);
            assertEquals("quantizer-" + quantizers.get(i) + "_seed-0", seed0.id());
            assertEquals(quantizers.get(i), seed0.experiment().model().quantizer().type());
            assertEquals(120, seed0.experiment().train().steps());
            assertEquals(1, plan.trials().get(2 * i + 1).experiment().train().seed());
        }
        assertFalse(Files.exists(studyDir), "planning writes nothing");
    }

    /**
     * The recipe study: its first cell is the flagship config itself, and every other cell puts
     * exactly one ingredient back to the reference's setting.
     */
    @Test
    void theRecipeStudyRemovesOneIngredientOfTheFlagshipPerCell() throws IOException {
        ConfigResolver resolver = Recipes.resolver(Plugins.discover());
        Ablation.Plan plan = Ablation.plan(new Ablation.Request(Path.of("../configs/ablation-recipe.yaml"), List.of(),
                null, dir.resolve("recipe"), 2, Launchers.DEFAULT), resolver, Launchers.discover());
        Experiment flagship = resolver.resolve(Path.of("../configs/vqvae-fashion-mnist.yaml"), List.of());
        List<String> cells = List.of("flagship", "no-fast-decay", "no-kmeans", "no-restart", "no-lr-change",
                "no-beta2", "no-weight-average");
        assertEquals(cells.size() * 2, plan.trials().size());
        Map<String, Map<String, Object>> changed = new java.util.LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            Trial seed0 = plan.trials().get(2 * i);
            assertEquals("recipe-" + cells.get(i) + "_seed-0", seed0.id());
            assertEquals(1, plan.trials().get(2 * i + 1).experiment().train().seed());
            Experiment e = seed0.experiment();
            assertEquals(flagship.model().encoder(), e.model().encoder(), "the reference encoder");
            assertEquals(flagship.model().decoder(), e.model().decoder(), "the reference decoder");
            assertEquals("ema", e.model().quantizer().type());
            assertEquals(512, e.model().quantizer().params().getInt("codebookSize"));
            assertEquals(150, e.train().steps(), "the first 150 steps of the flagship's epoch");
            assertEquals(flagship.train().batchSize(), e.train().batchSize());
            changed.put(cells.get(i), differences(flagship, e));
        }
        assertEquals(Map.of(), changed.get("flagship"));
        assertEquals(Map.of("model.quantizer.decay", 0.99), changed.get("no-fast-decay"));
        assertEquals(Map.of("model.quantizer.init", "normal"), changed.get("no-kmeans"));
        assertEquals(Map.of("model.quantizer.deadCodeThreshold", 0.0), changed.get("no-restart"));
        assertEquals(Map.of("train.learningRate", 0.001, "train.warmupSteps", 0), changed.get("no-lr-change"));
        assertEquals(Map.of("train.beta2", 0.999), changed.get("no-beta2"));
        assertEquals(Map.of("train.emaDecay", 0.0), changed.get("no-weight-average"));
    }

    /** The recipe keys whose value in {@code trial} differs from the flagship's, with the trial's value. */
    private static Map<String, Object> differences(Experiment flagship, Experiment trial) {
        Map<String, Object> out = new java.util.TreeMap<>();
        for (String key : List.of("decay", "init", "deadCodeThreshold", "kmeansIterations", "beta", "eps")) {
            Object a = flagship.model().quantizer().params().asMap().get(key);
            Object b = trial.model().quantizer().params().asMap().get(key);
            if (!a.equals(b)) {
                out.put("model.quantizer." + key, b);
            }
        }
        if (flagship.train().learningRate() != trial.train().learningRate()) {
            out.put("train.learningRate", trial.train().learningRate());
        }
        if (flagship.train().warmupSteps() != trial.train().warmupSteps()) {
            out.put("train.warmupSteps", trial.train().warmupSteps());
        }
        if (flagship.train().beta2() != trial.train().beta2()) {
            out.put("train.beta2", trial.train().beta2());
        }
        if (flagship.train().emaDecay() != trial.train().emaDecay()) {
            out.put("train.emaDecay", trial.train().emaDecay());
        }
        if (!flagship.train().schedule().equals(trial.train().schedule())) {
            out.put("train.schedule", trial.train().schedule());
        }
        return out;
    }
}

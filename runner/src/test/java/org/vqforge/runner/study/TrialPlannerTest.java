package org.vqforge.runner.study;

import org.vqforge.runner.recipe.Recipes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vqforge.runner.config.ConfigException;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.discovery.Plugins;

class TrialPlannerTest {

    static final Path TINY = Path.of("src/test/resources/study/tiny.yaml").toAbsolutePath();

    static TrialPlanner planner;

    @BeforeAll
    static void discover() {
        planner = new TrialPlanner(Recipes.resolver(Plugins.discover()));
    }

    private static Axis axis(String key, Object... values) {
        return new Axis(AxisNames.leaf(key), List.of(key),
                java.util.Arrays.stream(values).map(v -> new Axis.Value(AxisNames.label(v, 0),
                        java.util.Collections.singletonList(v))).toList());
    }

    @Test
    void everyCombinationRunsWithEverySeedOnTopOfTheBase() {
        StudySpec spec = new StudySpec("s", TINY, Map.of("train.steps", 3),
                List.of(axis("model.quantizer.type", "vq", "ema"), axis("model.quantizer.codebookSize", 8, 32)),
                List.of(0L, 5L));
        List<Trial> trials = planner.plan(spec, 3);
        assertEquals(2 * 2 * 2, trials.size());
        assertEquals(List.of("type-vq_codebookSize-8_seed-0", "type-vq_codebookSize-8_seed-5",
                "type-vq_codebookSize-32_seed-0", "type-vq_codebookSize-32_seed-5",
                "type-ema_codebookSize-8_seed-0", "type-ema_codebookSize-8_seed-5",
                "type-ema_codebookSize-32_seed-0", "type-ema_codebookSize-32_seed-5"),
                trials.stream().map(Trial::id).toList());
        Trial t = trials.get(6);
        assertEquals("type-ema_codebookSize-32", t.cell());
        assertEquals("ema", t.experiment().model().quantizer().type());
        assertEquals(32, t.experiment().model().quantizer().params().getInt("codebookSize"));
        assertEquals(0, t.experiment().train().seed());
        assertEquals(3, t.experiment().train().steps(), "fixed overrides apply to every trial");
        assertEquals(64, t.experiment().data().testLimit(), "the rest comes from the base");
        assertEquals(3, t.experiment().backend().params().getInt("threads"), "threads 0 (every core) becomes cores / workers");
    }

    @Test
    void aMapValueReplacesTheWholeSubtree() {
        Axis quantizer = new Axis("quantizer", List.of("model.quantizer"), List.of(
                new Axis.Value("fsq", List.of(Map.of("type", "fsq", "levels", List.of(4, 4))))));
        Trial t = planner.plan(new StudySpec("s", TINY, Map.of(), List.of(quantizer), List.of()), 1).get(0);
        assertEquals("fsq", t.experiment().model().quantizer().type());
        assertEquals(List.of(4, 4), t.experiment().model().quantizer().params().getIntList("levels"));
        assertEquals(0, t.experiment().train().seed(), "no seeds given: the base's seed");
        assertEquals("quantizer-fsq_seed-0", t.id());
    }

    @Test
    void anInvalidCombinationIsReportedWithItsAxisValues() {
        StudySpec spec = new StudySpec("s", TINY, Map.of(),
                List.of(axis("model.quantizer.codebookSize", 16, 0)), List.of(0L));
        String message = assertThrows(StudyException.class, () -> planner.plan(spec, 1)).getMessage();
        assertTrue(message.startsWith("1 of 2 trials have an invalid config; nothing was run."), message);
        assertTrue(message.contains("trial codebookSize-0_seed-0 (codebookSize=0, seed=0)"), message);
        assertTrue(message.contains("model.quantizer.codebookSize: 0 is outside [1, +inf)"), message);
    }

    @Test
    void anUnknownAxisKeyAndAWrongTypeAreConfigProblems() {
        StudySpec unknown = new StudySpec("s", TINY, Map.of(), List.of(axis("train.stepz", 1, 2)), List.of(0L));
        String m1 = assertThrows(StudyException.class, () -> planner.plan(unknown, 1)).getMessage();
        assertTrue(m1.contains("2 of 2 trials") && m1.contains("train.stepz: unknown key"), m1);
        StudySpec wrongType = new StudySpec("s", TINY, Map.of(), List.of(axis("train.batchSize", "lots", 8)), List.of(0L));
        String m2 = assertThrows(StudyException.class, () -> planner.plan(wrongType, 1)).getMessage();
        assertTrue(m2.contains("batchSize=lots") && m2.contains("train.batchSize: 'lots' is not an integer"), m2);
    }

    @Test
    void anInvalidBaseIsAConfigProblemOfTheBaseFile() {
        StudySpec spec = new StudySpec("s", Path.of("../configs/missing.yaml"), Map.of(), List.of(), List.of());
        assertThrows(ConfigException.class, () -> planner.plan(spec, 1));
    }
}

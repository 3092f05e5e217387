package org.vqforge.runner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.inject.Injector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.model.Discriminator;
import org.vqforge.runner.model.VqModel;

/** The vqgan loop on tiny models: schedule, metrics, checkpoints and resume, stray gradients, NaN. */
class VqGanTrainingTest {

    @TempDir
    Path dir;

    private static Map<String, float[]> values(Map<String, Parameter> parameters) {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
        return out;
    }

    private static void assertSameValues(Map<String, float[]> a, Map<String, float[]> b, String what) {
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), what + ": " + k));
    }

    private static boolean anyChanged(Map<String, float[]> a, Map<String, float[]> b) {
        return a.keySet().stream().anyMatch(k -> !java.util.Arrays.equals(a.get(k), b.get(k)));
    }

    private static List<JsonObject> metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream()
                .map(l -> new Gson().fromJson(l, JsonObject.class)).toList();
    }

    @Test
    void metricsFollowTheSchedule() throws IOException {
        Path run = dir.resolve("run");
        GanRuns.train(GanRuns.experiment("loss.adversarial.discStart=2"), run);

        List<JsonObject> lines = metrics(run);
        assertEquals(4, lines.size());
        for (int step = 0; step < 4; step++) {
            JsonObject line = lines.get(step);
            boolean on = step >= 2;
            assertEquals(on, line.has("g_adv"), "g_adv at step " + step);
            assertEquals(on, line.has("adaptive_weight"), "adaptive_weight at step " + step);
            assertEquals(on, line.has("loss_adversarial"), "loss_adversarial at step " + step);
            assertEquals(on, line.has("d_loss"), "frozen discriminator before discStart, step " + step);
            assertEquals(on, line.has("logits_real") && line.has("logits_fake"));
            if (on) {
                double term = line.get("loss_adversarial").getAsDouble();
                double expected = line.get("adaptive_weight").getAsDouble() * line.get("g_adv").getAsDouble();
                assertEquals(expected, term, 1e-9 * Math.max(1, Math.abs(expected)), "discFactor 1");
                double sum = line.get("loss_reconstruction").getAsDouble() + term;
                for (String key : line.keySet()) {
                    if (key.startsWith("loss_") && !key.equals("loss_reconstruction") && !key.equals("loss_adversarial")) {
                        sum += line.get(key).getAsDouble();
                    }
                }
                assertEquals(sum, line.get("loss").getAsDouble(), 1e-6, "the total is the sum of its terms");
            }
        }
    }

    @Test
    void aFrozenDiscriminatorStaysPutUntilDiscStartAndTrainDiscBeforeStartTrainsIt() throws IOException {
        Experiment frozen = GanRuns.experiment("loss.adversarial.discStart=3", "train.steps=3");
        Injector injector = GanRuns.injector(frozen, dir.resolve("frozen"));
        Discriminator discriminator = injector.getInstance(Objective.class).adversary().discriminator();
        Map<String, float[]> before = values(discriminator.trainableParameters());
        injector.getInstance(TrainingLoop.class).run();
        assertSameValues(before, values(discriminator.trainableParameters()), "frozen until step 3");

        Experiment early = GanRuns.experiment("loss.adversarial.discStart=3", "train.steps=3",
                "loss.adversarial.trainDiscBeforeStart=true");
        injector = GanRuns.injector(early, dir.resolve("early"));
        discriminator = injector.getInstance(Objective.class).adversary().discriminator();
        before = values(discriminator.trainableParameters());
        injector.getInstance(TrainingLoop.class).run();
        assertTrue(anyChanged(before, values(discriminator.trainableParameters())), "trained from step 0");
        List<JsonObject> lines = metrics(dir.resolve("early"));
        assertTrue(lines.stream().allMatch(l -> l.has("d_loss") && !l.has("g_adv")),
                "discriminator steps, but no adversarial term for the generator before discStart");
    }

    @Test
    void theDiscriminatorLearnsOnlyFromItsOwnLoss() throws IOException {
        // its loss has zero gradient: any change would come from the generator's adversarial backward
        Experiment flat = GanRuns.experiment("loss.adversarial.discStart=0", "loss.adversarial.flat=true",
                "train.steps=2");
        Injector injector = GanRuns.injector(flat, dir.resolve("flat"));
        Discriminator discriminator = injector.getInstance(Objective.class).adversary().discriminator();
        Map<String, float[]> before = values(discriminator.trainableParameters());
        VqModel model = injector.getInstance(VqModel.class);
        Map<String, float[]> generatorBefore = values(model.trainableParameters());

        injector.getInstance(TrainingLoop.class).run();

        assertSameValues(before, values(discriminator.trainableParameters()), "no stray gradient reached D's update");
        assertTrue(anyChanged(generatorBefore, values(model.trainableParameters())), "the generator did train");
        assertTrue(metrics(dir.resolve("flat")).get(0).has("g_adv"));
    }

    @Test
    void aResumedRunIsBitIdenticalToAnUninterruptedOne() throws IOException {
        // the adversarial term switches on in the resumed part
        String[] common = {"loss.adversarial.discStart=3", "train.emaDecay=0.9", "train.gradClip=0.5",
                "loss.adversarial.discWeight=0.5", "loss.adversarial.trainDiscBeforeStart=true"};
        Path straight = dir.resolve("straight");
        Path interrupted = dir.resolve("interrupted");
        GanRuns.train(GanRuns.experiment(concat(common, "train.steps=4")), straight);
        GanRuns.train(GanRuns.experiment(concat(common, "train.steps=2")), interrupted);
        TrainingLoop resumed = GanRuns.train(GanRuns.experiment(concat(common, "train.steps=4")), interrupted);
        assertEquals(2, resumed.startStep());

        Path a = straight.resolve("checkpoints/step-000000004");
        Path b = interrupted.resolve("checkpoints/step-000000004");
        List<String> files;
        try (Stream<Path> list = Files.list(a)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> !n.equals(Checkpoints.METADATA)).sorted()
                    .toList();
        }
        assertEquals(List.of("decoder.params", "discriminator-optimizer.state", "discriminator.params",
                "encoder.params", "generator-ema.state", "optimizer.state", "quantizer.params"), files);
        for (String file : files) {
            assertArrayEquals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)),
                    file + " after resume is bit-identical to the uninterrupted run");
        }
        assertEquals(metrics(straight).size(), metrics(interrupted).size());
        assertTrue(metrics(straight).get(3).has("g_adv"));
        assertEquals(metrics(straight).get(3), withTimingOf(metrics(straight).get(3), metrics(interrupted).get(3)),
                "the last step's losses and metrics match too");
    }

    /** The last line of the interrupted run with the straight run's timing, so the rest must match. */
    private static JsonObject withTimingOf(JsonObject straight, JsonObject resumed) {
        JsonObject copy = resumed.deepCopy();
        for (String timing : List.of("images_per_s", "elapsed_s")) {
            copy.add(timing, straight.get(timing));
        }
        return copy;
    }

    @Test
    void aNonFiniteDiscriminatorLossStopsTrainingNamingItAndKeepsTheLastGoodCheckpoint() {
        Path run = dir.resolve("nan");
        Experiment experiment = GanRuns.experiment("loss.adversarial.discStart=0", "loss.adversarial.nanAt=3",
                "train.checkpointEvery=2", "train.steps=4");

        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> GanRuns.train(experiment, run));

        assertEquals("loss 'discriminator' is NaN at step 3; training stopped, the last good checkpoint is kept",
                e.getMessage());
        assertEquals(List.of(run.resolve("checkpoints/step-000000002").toAbsolutePath()),
                new RunDirectory(run).completeCheckpoints());
    }

    @Test
    void anInfiniteGeneratorAdversarialLossIsNamedWithItsStep() {
        Experiment experiment = GanRuns.experiment("loss.adversarial.discStart=1", "loss.adversarial.generatorNanAt=2",
                "train.steps=4");

        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> GanRuns.train(experiment, dir.resolve("inf")));

        assertEquals("loss 'adversarial' is Infinity at step 3; training stopped, the last good checkpoint is kept",
                e.getMessage(), "its second call is in step 3, the adversarial term being on from step 2 (1-based)");
    }

    @Test
    void evaluationUsesTheMovingAverageAndTrainingWeightsComeBack() throws IOException {
        Path run = dir.resolve("ema");
        Experiment experiment = GanRuns.experiment("train.emaDecay=0.5", "train.steps=3");
        Injector injector = GanRuns.injector(experiment, run);
        TrainingLoop loop = injector.getInstance(TrainingLoop.class);
        loop.run();
        VqModel model = loop.model();
        Map<String, float[]> trained = values(model.trainableParameters());

        Map<String, float[]> averaged;
        try (WeightAverage.Swap swap = loop.evaluationWeights()) {
            averaged = values(model.trainableParameters());
        }
        assertTrue(anyChanged(trained, averaged), "the average differs from the last weights");
        assertSameValues(trained, values(model.trainableParameters()), "training weights restored");

        // eval and reconstruct restore a checkpoint without an optimiser: they get the average
        VqModel fresh = GanRuns.injector(experiment, dir.resolve("other")).getInstance(VqModel.class);
        Checkpoints.load(new RunDirectory(run).latestCheckpoint().orElseThrow(), fresh, null, fresh.manager());
        assertSameValues(averaged, values(fresh.trainableParameters()), "evaluation weights from the checkpoint");
        assertFalse(anyChanged(averaged, values(fresh.trainableParameters())));
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}

package org.vqforge.runner.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.runner.config.ConfigException;

/**
 * The Java API end to end, as a notebook would use it: load the example config, train a small subset
 * while watching the steps, evaluate, reconstruct. Needs the dataset-fashion-mnist package.
 */
class EmbeddingTest {

    private static final Path CONFIG = Path.of("../configs/vqvae-fashion-mnist.yaml");
    private static final int STEPS = 20;

    @TempDir
    Path dir;

    @Test
    void trainsEvaluatesAndReconstructsThroughTheJavaApi() throws IOException {
        ConfiguredExperiment experiment = Experiments.load(CONFIG, List.of("data.trainLimit=1280",
                "data.testLimit=200", "train.steps=" + STEPS, "train.batchSize=64", "backend.threads=2"));
        assertEquals("vqvae-fashion-mnist", experiment.name());
        List<Progress> seen = new ArrayList<>();
        List<Boolean> ended = new ArrayList<>();
        List<Long> started = new ArrayList<>();
        Path runDir = dir.resolve("run");
        try (TrainedRun run = experiment.train(runDir, new TrainingObserver() {
            @Override
            public void onStart(long startStep, long totalSteps) {
                started.add(startStep);
                started.add(totalSteps);
            }

            @Override
            public void onStep(Progress progress) {
                seen.add(progress);
            }

            @Override
            public void onEnd(boolean completed) {
                ended.add(completed);
            }
        })) {
            assertEquals(STEPS, seen.size(), "one progress report per step");
            for (int i = 0; i < STEPS; i++) {
                assertEquals(i + 1, seen.get(i).step());
                assertEquals(STEPS, seen.get(i).totalSteps());
            }
            assertTrue(seen.get(STEPS - 1).terms().containsKey("reconstruction"), seen.get(STEPS - 1).terms().toString());
            assertEquals(List.of(0L, (long) STEPS), started);
            assertEquals(List.of(true), ended);

            // the run directory is the command line's: its eval.json holds what evaluate() measures again
            assertTrue(Files.isRegularFile(runDir.resolve("checkpoints/step-000000020/checkpoint.json")));
            assertTrue(Files.isRegularFile(runDir.resolve("provenance.json")));
            JsonObject written = new Gson().fromJson(Files.readString(runDir.resolve("eval.json")), JsonObject.class);
            Evaluation evaluation = run.evaluate();
            assertEquals(200, evaluation.images());
            assertEquals(written.get("mse").getAsDouble(), evaluation.mse(), 1e-12);
            assertEquals(written.get("usage").getAsDouble(), evaluation.usage(), 1e-12);

            // reconstruct() takes a path of its own to the model: over the test set it gives the same error
            float[] images = run.testImages(0, run.testImageCount());
            float[] reconstructed = run.reconstruct(images, run.testImageCount());
            double squared = 0;
            for (int i = 0; i < images.length; i++) {
                double d = (double) images[i] - reconstructed[i];
                squared += d * d;
            }
            assertEquals(evaluation.mse(), squared / images.length, 1e-6 * evaluation.mse());
            assertThrows(IllegalArgumentException.class, () -> run.reconstruct(new float[27], 1));
        }
        try (TrainedRun reopened = TrainedRun.open(runDir)) {
            assertEquals(runDir, reopened.directory());
        }
    }

    @Test
    void aBadOverrideIsAConfigErrorNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Experiments.load(CONFIG, List.of("train.stepz=3")));
        assertTrue(e.getMessage().contains("train.stepz"), e.getMessage());
    }

    @Test
    void aFolderThatHoldsNoRunIsRefusedByName() {
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> TrainedRun.open(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }
}

package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory written by vqforge before model types became recipes (commit 699e4e1: a tiny
 * vqvae, 4 steps, checkpoints at 2 and 4) still evaluates to the figures it recorded and resumes.
 */
class OldRunDirectoryTest {

    static final Path FIXTURE = Path.of("src/test/resources/compat/vqvae-699e4e1").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void evaluatesToTheRecordedFiguresAndResumesWithMoreSteps() throws IOException {
        Path run = copy(FIXTURE, dir.resolve("run"));
        JsonObject recorded = json(run.resolve("eval.json"));

        TrainEndToEndTest.Result eval = TrainEndToEndTest.vqf("eval", run.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonObject now = new Gson().fromJson(eval.out(), JsonObject.class);
        // the same weights through the same model: the same figures (thread counts may round differently)
        for (String key : List.of("mse", "psnr", "usage", "perplexity")) {
            double expected = recorded.get(key).getAsDouble();
            assertEquals(expected, now.get(key).getAsDouble(), 1e-6 * Math.abs(expected) + 1e-9, key);
        }

        // the stored config resolves to the same experiment, so the run resumes (steps may grow)
        List<String> before = Files.readAllLines(run.resolve("metrics.jsonl"));
        TrainEndToEndTest.Result train = TrainEndToEndTest.vqf("train", run.resolve("config.yaml").toString(),
                "train.steps=6", "--run-dir", run.toString(), "--quiet");
        assertEquals(0, train.exitCode(), train.out() + train.err());
        List<String> after = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(before, after.subList(0, before.size()), "the old steps are kept as they were");
        List<Long> newSteps = after.subList(before.size(), after.size()).stream()
                .map(line -> new Gson().fromJson(line, JsonObject.class))
                .filter(o -> o.has("step")).map(o -> o.get("step").getAsLong()).toList();
        assertTrue(newSteps.containsAll(List.of(5L, 6L)) && newSteps.stream().allMatch(s -> s > 4),
                "steps 5 and 6 follow step 4: " + newSteps);
        assertTrue(Files.isDirectory(run.resolve("checkpoints/step-000000006")));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    private static JsonObject json(Path file) throws IOException {
        return new Gson().fromJson(Files.readString(file), JsonObject.class);
    }
}

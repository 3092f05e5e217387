package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.runner.embed.RunDirectories;
import picocli.CommandLine;

/**
 * Trains the example config on real Fashion-MNIST through the command line, as a user would.
 * Needs the dataset-fashion-mnist package (.ci/run installs it).
 */
public class TrainEndToEndTest {

    static final String CONFIG = "../configs/vqvae-fashion-mnist.yaml";

    /**
     * 200 steps of batch 128 on the first 12,800 training images, evaluated on the first 1,000 test
     * images. The peer script reaches 18.0 dB after the full 469-step epoch; after 200 steps the plain
     * vq model (this config before it became the flagship recipe) measured 15.7 dB (2 threads), so
     * 14.5 dB leaves room for thread-count noise while still failing for a model that does not learn
     * (an untrained one scores about 9 dB, 60 steps about 13.8 dB); the flagship learns faster.
     */
    static final double MIN_PSNR_AFTER_200_STEPS = 14.5;

    @TempDir
    Path dir;

    /** What a vqf command printed and returned. */
    public record Result(int exitCode, String out, String err) {}

    /** {@code vqf ARGS} in this JVM (other modules' tests use it too). */
    public static Result vqf(String... args) {
        return vqf(Map.of(), args);
    }

    /** Runs vqf in this JVM as it behaves under the environment {@code env}. */
    public static Result vqf(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static String[] train(Path runDir, String... overrides) {
        List<String> args = new ArrayList<>(List.of("train", CONFIG));
        args.addAll(List.of(overrides));
        args.addAll(List.of("backend.threads=2", "--quiet", "--run-dir", runDir.toString()));
        return args.toArray(String[]::new);
    }

    @Test
    void trainsAFashionMnistSubsetToAStatedPsnr() throws IOException {
        Path run = dir.resolve("run");
        Result train = vqf(train(run, "data.trainLimit=12800", "data.testLimit=1000", "train.steps=200",
                "train.checkpointEvery=100"));
        assertEquals(0, train.exitCode(), train.err());

        assertTrue(Files.isRegularFile(run.resolve("config.yaml")));
        List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(20, metrics.size(), "one line every 10 steps");
        JsonObject last = new Gson().fromJson(metrics.get(19), JsonObject.class);
        assertEquals(200, last.get("step").getAsInt());
        JsonObject first = new Gson().fromJson(metrics.get(0), JsonObject.class);
        assertTrue(last.get("loss_reconstruction").getAsDouble() < first.get("loss_reconstruction").getAsDouble(),
                "reconstruction loss falls");
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/step-000000200/checkpoint.json")));
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/step-000000100/checkpoint.json")));

        BufferedImage grid = ImageIO.read(run.resolve("reconstructions.png").toFile());
        assertEquals(16 * 28 + 17 * 2, grid.getWidth());
        assertEquals(4 * 28 + 5 * 2, grid.getHeight(), "two pairs of rows: originals above reconstructions");

        JsonObject stored = new Gson().fromJson(Files.readString(run.resolve("eval.json")), JsonObject.class);
        assertTrue(stored.get("psnr").getAsDouble() >= MIN_PSNR_AFTER_200_STEPS, stored.toString());
        assertEquals(1000, stored.get("images").getAsInt());

        Result eval = vqf("eval", run.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonObject reported = new Gson().fromJson(eval.out(), JsonObject.class);
        for (String key : List.of("mse", "psnr", "ssim", "usage", "perplexity")) {
            assertTrue(reported.has(key), key);
        }
        assertEquals(stored.get("psnr").getAsDouble(), reported.get("psnr").getAsDouble(), 1e-9,
                "eval of the last checkpoint reproduces the end-of-training evaluation");
        assertEquals(10 * Math.log10(1 / reported.get("mse").getAsDouble()), reported.get("psnr").getAsDouble(), 1e-9);
        double usage = reported.get("usage").getAsDouble();
        double perplexity = reported.get("perplexity").getAsDouble();
        assertTrue(usage > 0 && usage <= 1 && perplexity >= 1 && perplexity <= usage * 512 + 1e-9, reported.toString());

        Path png = dir.resolve("grid.png");
        Result reconstruct = vqf("reconstruct", run.toString(), "--out", png.toString(), "--count", "8", "--columns", "8");
        assertEquals(0, reconstruct.exitCode(), reconstruct.err());
        assertEquals(2 * 28 + 3 * 2, ImageIO.read(png.toFile()).getHeight());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fp32", "bf16"})
    void resumedRunMatchesAnUninterruptedOne(String precision) throws IOException {
        Path straight = dir.resolve("straight");
        Path interrupted = dir.resolve("interrupted");
        String[] common = {"data.trainLimit=1280", "data.testLimit=100", "train.logEvery=1",
            "backend.precision=" + precision};
        assertEquals(0, vqf(train(straight, concat(common, "train.steps=12"))).exitCode());
        assertEquals(0, vqf(train(interrupted, concat(common, "train.steps=6"))).exitCode());
        Result resumed = vqf(train(interrupted, concat(common, "train.steps=12")));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("resuming"), resumed.out());

        assertEquals(Files.readAllLines(straight.resolve("metrics.jsonl")).size(),
                Files.readAllLines(interrupted.resolve("metrics.jsonl")).size(), "each step logged once");
        for (String part : List.of("encoder", "quantizer", "decoder")) {
            String file = "checkpoints/step-000000012/" + part + ".params";
            assertArrayEquals(Files.readAllBytes(straight.resolve(file)), Files.readAllBytes(interrupted.resolve(file)),
                    part + " parameters after resume are bit-identical to the uninterrupted run");
        }
        // checkpoints hold the float32 master weights whatever the networks computed in
        RunDirectories.Restored restored = Runs.lastCheckpoint(interrupted, new PrintWriter(new StringWriter()));
        try {
            assertEquals(precision, restored.model().precision().configName());
            restored.model().parameters().forEach((name, p) ->
                    assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, p.getArray().getDataType(), name));
        } finally {
            restored.model().close();
        }
    }

    @Test
    void resumedRunWithAWarmUpAndCosineScheduleMatchesAnUninterruptedOne() throws IOException {
        Path straight = dir.resolve("straight");
        String[] args = {"data.trainLimit=1280", "data.testLimit=100", "train.logEvery=1", "train.steps=12",
            "train.checkpointEvery=6", "train.schedule=cosine", "train.warmupSteps=4", "train.learningRate=0.003",
            "train.minLearningRate=0.0001"};
        assertEquals(0, vqf(train(straight, args)).exitCode());
        // an interruption after the step-6 checkpoint: the same run directory without what came later
        Path interrupted = dir.resolve("interrupted");
        try (var files = Files.walk(straight)) {
            for (Path p : files.toList()) {
                Files.copy(p, interrupted.resolve(straight.relativize(p).toString()));
            }
        }
        try (var later = Files.walk(interrupted.resolve("checkpoints/step-000000012"))) {
            for (Path p : later.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Result resumed = vqf(train(interrupted, args));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("resuming"), resumed.out());

        List<String> rates = new ArrayList<>();
        List<String> resumedRates = new ArrayList<>();
        for (String line : Files.readAllLines(straight.resolve("metrics.jsonl"))) {
            rates.add(new Gson().fromJson(line, JsonObject.class).get("learning_rate").getAsString());
        }
        for (String line : Files.readAllLines(interrupted.resolve("metrics.jsonl"))) {
            resumedRates.add(new Gson().fromJson(line, JsonObject.class).get("learning_rate").getAsString());
        }
        assertEquals(12, rates.size());
        assertEquals(rates, resumedRates, "the same rate at every step");
        assertEquals(0.003 / 4, Double.parseDouble(rates.get(0)), 1e-12, "first warm-up step");
        assertEquals(0.0001, Double.parseDouble(rates.get(11)), 1e-12, "the floor at the last step");
        for (String part : List.of("encoder", "quantizer", "decoder")) {
            String file = "checkpoints/step-000000012/" + part + ".params";
            assertArrayEquals(Files.readAllBytes(straight.resolve(file)), Files.readAllBytes(interrupted.resolve(file)),
                    part + " parameters after resume are bit-identical to the uninterrupted run");
        }
    }

    @Test
    void badConfigIsReportedWholeWithExitTwoAndNothingWritten() throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, String.join("\n",
                "model:",
                "  quantizer:",
                "    type: vq",
                "    codebookSize: 0",
                "train:",
                "  batchSize: lots",
                "  stepz: 3",
                ""));
        Path run = dir.resolve("never");
        Result r = vqf("train", config.toString(), "model.encoder.type=conv-resnett", "--run-dir", run.toString());
        assertEquals(2, r.exitCode());
        for (String key : List.of("model.quantizer.codebookSize", "train.batchSize", "train.stepz", "model.encoder.type")) {
            assertTrue(r.err().contains(key), "reports " + key + ":\n" + r.err());
        }
        assertTrue(r.err().contains(config.toString()), r.err());
        assertTrue(r.err().contains("conv-resnet"), "suggests the nearest name:\n" + r.err());
        assertFalse(Files.exists(run), "nothing written");
    }

    @Test
    void aRunDirectoryRefusesAnotherExperiment() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, vqf(train(run, "data.trainLimit=1280", "data.testLimit=100", "train.steps=2")).exitCode());
        byte[] config = Files.readAllBytes(run.resolve("config.yaml"));
        Result r = vqf(train(run, "data.trainLimit=1280", "data.testLimit=100", "train.steps=2",
                "model.quantizer.codebookSize=256"));
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("model.quantizer.codebookSize"), r.err());
        assertArrayEquals(config, Files.readAllBytes(run.resolve("config.yaml")), "the run's config is untouched");
    }

    @Test
    void evalOfADirectoryWithoutARunExitsTwo() {
        Result r = vqf("eval", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("not a run directory"), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}

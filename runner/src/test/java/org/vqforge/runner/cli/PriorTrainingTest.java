package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.runner.prior.TokenizerRecord;
import org.vqforge.runner.tokens.TokenFiles;
import org.vqforge.runner.tokens.Tokens;

/** {@code model.type: prior} over a tiny tokenizer run: trains, resumes bit for bit, checks its tokenizer. */
class PriorTrainingTest {

    @TempDir
    static Path shared;

    static Path tokenizer;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainATokenizer() {
        tokenizer = shared.resolve("tokenizer");
        TrainEndToEndTest.Result r = TrainEndToEndTest.vqf("train", RerunTest.TINY.toString(), "train.steps=3",
                "--quiet", "--run-dir", tokenizer.toString());
        assertEquals(0, r.exitCode(), r.err());
    }

    /** A tiny transformer prior over {@code tokenizer}'s codes, written to {@code dir}. */
    static Path config(Path dir, Path tokenizer) throws IOException {
        return Files.writeString(dir.resolve("prior.yaml"), """
                experiment: {name: prior-test}
                model:
                  type: prior
                  tokenizer: %s
                  prior: {type: transformer, dim: 16, layers: 1, heads: 2}
                train:
                  steps: 4
                  batchSize: 32
                  learningRate: 0.003
                  warmupSteps: 1
                  schedule: cosine
                  logEvery: 1
                  checkpointEvery: 2
                """.formatted(tokenizer));
    }

    @Test
    void evaluatesAgainstTheUnigramEntropyOfItsTrainingTokens() throws IOException {
        Path run = dir.resolve("prior");
        TrainEndToEndTest.Result r = TrainEndToEndTest.vqf("train", config(dir, tokenizer).toString(), "--quiet",
                "--run-dir", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonObject eval = json(run.resolve("eval.json"));

        // independently: the unigram entropy of the training tokens vqf encode writes
        Path tokensFile = dir.resolve("train.vqft");
        assertEquals(0, TrainEndToEndTest.vqf("encode", tokenizer.toString(), "--out", tokensFile.toString())
                .exitCode());
        Tokens tokens = TokenFiles.read(tokensFile);
        long[] counts = new long[tokens.header().codebookSize()];
        for (int t : tokens.indices()) {
            counts[t]++;
        }
        double bits = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = c / (double) tokens.indices().length;
                bits -= p * Math.log(p) / Math.log(2);
            }
        }
        assertEquals(bits, eval.get("unigram_bits_per_token").getAsDouble(), 1e-9);
        double nll = eval.get("test_bits_per_token").getAsDouble();
        assertTrue(nll > 0 && nll < Math.log(16) / Math.log(2) * 1.5, "NLL " + nll + " bits for 16 codes");
        assertEquals(64, eval.get("test_sequences").getAsInt(), "the tokenizer's 64 test images");
        assertTrue(Files.isDirectory(run.resolve("checkpoints/step-000000004")));
        // the test NLL is logged at the checkpoint steps (2) and the last (4), the last one as eval.json says
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        List<Integer> tested = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonObject o = json(line);
            if (o.has("test_bits_per_token")) {
                tested.add(o.get("step").getAsInt());
            }
        }
        assertEquals(List.of(2, 4), tested);
        assertEquals(nll, json(lines.get(3)).get("test_bits_per_token").getAsDouble(), 1e-6);
        // the final grid: 10 drawn images of each of the 10 classes, 28 x 28 with the grid's margins
        java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(run.resolve("samples.png").toFile());
        assertTrue(grid.getWidth() >= 10 * 28 && grid.getHeight() >= 10 * 28 && grid.getHeight() < 11 * 28 + 40,
                grid.getWidth() + "x" + grid.getHeight());
        // the run's page: train/test NLL, the last test figure as logged, the grid as written
        String page = Files.readString(run.resolve("report.html"));
        assertTrue(page.contains("<h2 id=\"nll\">") && page.contains("<h2 id=\"samples\">"), page);
        assertTrue(page.contains(String.format(java.util.Locale.ROOT, "%.4f bits per token at step 4",
                json(lines.get(3)).get("test_bits_per_token").getAsDouble())));
        assertTrue(page.contains(java.util.Base64.getEncoder().encodeToString(
                Files.readAllBytes(run.resolve("samples.png")))), "the grid, embedded");
    }

    @Test
    void aResumedRunIsTheRunThatNeverStopped() throws IOException {
        Path config = config(dir, tokenizer);
        // a cosine schedule is stretched to the new length when steps grow: constant for the comparison
        String constant = "train.schedule=constant";
        Path straight = dir.resolve("straight");
        assertEquals(0, TrainEndToEndTest.vqf("train", config.toString(), constant, "--quiet", "--run-dir",
                straight.toString()).exitCode());
        Path resumed = dir.resolve("resumed");
        assertEquals(0, TrainEndToEndTest.vqf("train", config.toString(), constant, "train.steps=2", "--quiet",
                "--run-dir", resumed.toString()).exitCode());
        TrainEndToEndTest.Result more = TrainEndToEndTest.vqf("train", config.toString(), constant, "--quiet",
                "--run-dir", resumed.toString());
        assertEquals(0, more.exitCode(), more.err());
        List<String> a = Files.readAllLines(straight.resolve("metrics.jsonl"));
        List<String> b = Files.readAllLines(resumed.resolve("metrics.jsonl"));
        assertEquals(4, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(json(a.get(i)).get("loss").getAsDouble(), json(b.get(i)).get("loss").getAsDouble(),
                    "loss of step " + (i + 1));
        }
        assertEquals(json(straight.resolve("eval.json")).get("test_bits_per_token").getAsDouble(),
                json(resumed.resolve("eval.json")).get("test_bits_per_token").getAsDouble());
    }

    @Test
    void aMissingOrChangedTokenizerIsAnErrorNamingIt() throws IOException {
        Path config = config(dir, tokenizer);
        TrainEndToEndTest.Result missing = TrainEndToEndTest.vqf("train", config.toString(),
                "model.tokenizer=" + dir.resolve("nowhere"), "--run-dir", dir.resolve("x").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("model.tokenizer") && missing.err().contains("nowhere"), missing.err());
        assertTrue(!Files.exists(dir.resolve("x/checkpoints")));

        Path run = dir.resolve("prior");
        assertEquals(0, TrainEndToEndTest.vqf("train", config.toString(), "train.steps=2", "--quiet", "--run-dir",
                run.toString()).exitCode());
        Path record = run.resolve(TokenizerRecord.FILE);
        Files.writeString(record, Files.readString(record).replaceAll("\"configHash\": \"[0-9a-f]+\"",
                "\"configHash\": \"" + "0".repeat(64) + "\""));
        TrainEndToEndTest.Result changed = TrainEndToEndTest.vqf("train", config.toString(), "--quiet", "--run-dir",
                run.toString());
        assertEquals(2, changed.exitCode(), changed.err());
        assertTrue(changed.err().contains("changed since this prior was trained") && changed.err().contains(
                tokenizer.toString()), changed.err());
        assertTrue(!Files.isDirectory(run.resolve("checkpoints/step-000000004")), "nothing was trained");
    }

    @Test
    void samplesAreReproducibleTheSameWithAndWithoutTheCacheAndDecodeThroughTheTokenizer() throws IOException {
        Path run = dir.resolve("prior");
        assertEquals(0, TrainEndToEndTest.vqf("train", config(dir, tokenizer).toString(), "--quiet", "--run-dir",
                run.toString()).exitCode());
        Path cached = dir.resolve("cached.vqft");
        TrainEndToEndTest.Result a = TrainEndToEndTest.vqf("sample", run.toString(), "--count", "20", "--seed", "5",
                "--top-k", "8", "--cfg-scale", "2", "--tokens", cached.toString());
        assertEquals(0, a.exitCode(), a.err());
        assertTrue(Files.size(run.resolve("samples.png")) > 0);
        Path uncached = dir.resolve("uncached.vqft");
        assertEquals(0, TrainEndToEndTest.vqf("sample", run.toString(), "--count", "20", "--seed", "5", "--top-k",
                "8", "--cfg-scale", "2", "--no-cache", "--tokens", uncached.toString(), "--out",
                dir.resolve("u.png").toString()).exitCode());
        Tokens drawn = TokenFiles.read(cached);
        assertTrue(java.util.Arrays.equals(drawn.indices(), TokenFiles.read(uncached).indices()),
                "the same tokens with and without the cache");
        assertEquals(20, drawn.header().count());
        for (int i = 0; i < 20; i++) {
            assertEquals(i % 10, drawn.labels()[i], "the classes in turn");
        }
        Path other = dir.resolve("other.vqft");
        assertEquals(0, TrainEndToEndTest.vqf("sample", run.toString(), "--count", "20", "--seed", "6",
                "--class", "3", "--tokens", other.toString(), "--out", dir.resolve("o.png").toString()).exitCode());
        Tokens three = TokenFiles.read(other);
        assertTrue(java.util.Arrays.stream(three.labels()).allMatch(c -> c == 3));
        assertTrue(!java.util.Arrays.equals(three.indices(), drawn.indices()), "another seed, other tokens");
        TrainEndToEndTest.Result decoded = TrainEndToEndTest.vqf("decode", tokenizer.toString(), cached.toString(),
                "--out", dir.resolve("d.png").toString());
        assertEquals(0, decoded.exitCode(), decoded.err());

        for (String[] bad : List.of(new String[] {"--top-p", "0"}, new String[] {"--class", "10"},
                new String[] {"--count", "0"})) {
            TrainEndToEndTest.Result r = TrainEndToEndTest.vqf("sample", run.toString(), bad[0], bad[1]);
            assertEquals(2, r.exitCode(), String.join(" ", bad));
            assertTrue(r.err().contains(bad[0]), r.err());
        }
        TrainEndToEndTest.Result eval = TrainEndToEndTest.vqf("eval", run.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals(json(run.resolve("eval.json")).get("test_bits_per_token").getAsDouble(),
                json(eval.out()).get("test_bits_per_token").getAsDouble());
        assertEquals(2, TrainEndToEndTest.vqf("reconstruct", run.toString()).exitCode(), "a prior has no reconstructions");
    }

    @Test
    void evalWithSamplesMeasuresThemThroughTheFeatureNetwork() throws IOException {
        Path network = dir.resolve("features.vqff");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
                org.vqforge.features.FeatureNetwork f = org.vqforge.features.FeatureNetwork.create(
                        new org.vqforge.features.FeatureNetworkSpec(1, 28, List.of(4, 8), 10), m);
                java.io.OutputStream out = Files.newOutputStream(network)) {
            f.writeTo(out);
        }
        Path run = dir.resolve("prior");
        assertEquals(0, TrainEndToEndTest.vqf("train", config(dir, tokenizer).toString(), "train.steps=2",
                "eval.featureNetwork=" + network, "--quiet", "--run-dir", run.toString()).exitCode());
        TrainEndToEndTest.Result eval = TrainEndToEndTest.vqf("eval", run.toString(), "--samples", "30",
                "--cfg-scale", "1.5", "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonObject figures = json(eval.out());
        assertEquals(30, figures.get("samples").getAsInt());
        assertEquals(1.5, figures.get("cfg_scale").getAsDouble());
        double accuracy = figures.get("class_accuracy").getAsDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1 && Math.round(accuracy * 30) == accuracy * 30, "a share of 30: " + accuracy);
        assertTrue(figures.get("sample_frechet").getAsDouble() > 0);
        assertTrue(figures.get("unigram_frechet").getAsDouble() > 0);
        assertEquals(figures, json(run.resolve("eval.json")), "eval.json holds what was printed");
        TrainEndToEndTest.Result bad = TrainEndToEndTest.vqf("eval", run.toString(), "--cfg-scale", "2");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--samples"), bad.err());
    }

    @Test
    void theExamplePriorConfigsNeedTheirTokenizerAndResolveOverOne() {
        var resolver = org.vqforge.runner.recipe.Recipes.resolver(org.vqforge.runner.discovery.Plugins.discover());
        for (String name : List.of("prior-fashion-mnist", "prior-pixelcnn")) {
            Path file = Path.of("../configs/" + name + ".yaml");
            var missing = org.junit.jupiter.api.Assertions.assertThrows(
                    org.vqforge.runner.config.ConfigException.class, () -> resolver.resolve(file, List.of()));
            assertTrue(missing.getMessage().contains("model.tokenizer: runs/vqvae-fashion-mnist does not exist"),
                    missing.getMessage());
            var e = resolver.resolve(file, List.of("model.tokenizer=" + tokenizer));
            assertEquals("prior", e.type());
            assertEquals(name.equals("prior-pixelcnn") ? "pixelcnn" : "transformer",
                    e.values().plugin("model.prior").type());
        }
    }

    private static JsonObject json(Path file) throws IOException {
        return json(Files.readString(file));
    }

    private static JsonObject json(String text) {
        return new Gson().fromJson(text, JsonObject.class);
    }
}

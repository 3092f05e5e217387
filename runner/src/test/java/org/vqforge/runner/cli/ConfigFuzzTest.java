package org.vqforge.runner.cli;

import org.vqforge.runner.recipe.Recipes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.runner.cli.TrainEndToEndTest.Result;
import org.vqforge.runner.config.ConfigException;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.discovery.Plugins;

/**
 * Random experiment files and override lists (known and unknown keys, every YAML type, deep
 * nesting, anchors and aliases, merge keys, tags, huge numbers, unicode, interpolations, broken
 * syntax), fed to the config resolver and to {@code vqf train --dry-run}. Every outcome must be
 * a resolved config or a {@link ConfigException} (resolver), exit 0 or exit 2 with an
 * {@code error:} message and no stack trace (vqf), and nothing written anywhere. Seeded, so a
 * failure is repeatable: {@code -Dvqf.fuzz.seed=S -Dvqf.fuzz.cases=N} explores further.
 */
class ConfigFuzzTest {

    static final long SEED = Long.getLong("vqf.fuzz.seed", 14L);
    static final int RESOLVER_CASES = Integer.getInteger("vqf.fuzz.cases", 3000);
    static final int VQF_CASES = RESOLVER_CASES * 3 / 10;

    @TempDir
    Path dir;

    @Test
    void theResolverAcceptsOrExplainsEveryRandomConfig() throws IOException {
        Plugins plugins = Plugins.discover();
        RandomConfigs random = new RandomConfigs(new Random(SEED), dir);
        Map<String, String> failures = new LinkedHashMap<>();
        int accepted = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < RESOLVER_CASES; i++) {
            RandomConfigs.Case c = random.next(i);
            try {
                Recipes.resolver(plugins).resolve(c.file(), c.overrides());
                accepted++;
            } catch (ConfigException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    failures.putIfAbsent("no message", c.describe());
                }
            } catch (RuntimeException | StackOverflowError e) {
                failures.putIfAbsent(e.getClass().getName() + " at " + e.getStackTrace()[0], c.describe() + "\n  " + trace(e));
            }
        }
        System.out.printf("config fuzz (resolver): %d cases, seed %d, %d accepted, %.1f s%n", RESOLVER_CASES, SEED,
                accepted, (System.nanoTime() - t0) / 1e9);
        assertEquals(Map.of(), failures, "kinds of failure, each with its first case");
        assertTrue(accepted > RESOLVER_CASES / 20, "the generator makes valid configs too: " + accepted);
    }

    @Test
    void vqfTrainDryRunExitsZeroOrTwoWithAMessageAndWritesNothing() throws IOException {
        RandomConfigs random = new RandomConfigs(new Random(SEED + 1), dir);
        Path runDir = dir.resolve("run");
        Path workingDirRuns = Path.of("runs");
        boolean runsExisted = Files.exists(workingDirRuns);
        Map<String, String> failures = new LinkedHashMap<>();
        int accepted = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < VQF_CASES; i++) {
            RandomConfigs.Case c = random.next(i);
            List<String> args = new ArrayList<>(List.of("train", c.file().toString()));
            args.addAll(c.overrides());
            args.addAll(List.of("--dry-run", "--run-dir", runDir.toString()));
            Result r = TrainEndToEndTest.vqf(args.toArray(String[]::new));
            if (r.exitCode() == 0) {
                accepted++;
            }
            String problem = r.exitCode() != 0 && r.exitCode() != 2 ? "exit " + r.exitCode()
                    : r.err().contains("\tat ") ? "a stack trace"
                    : r.exitCode() == 2 && !r.err().contains("error: ") ? "exit 2 without an error: line"
                    : Files.exists(runDir) ? "wrote " + runDir
                    : null;
            if (problem != null) {
                failures.putIfAbsent(problem + ": " + r.err().lines().findFirst().orElse(""),
                        c.describe() + "\n  " + r.err());
            }
            random.deleteFiles();
        }
        System.out.printf("config fuzz (vqf train --dry-run): %d cases, seed %d, %d accepted, %.1f s%n", VQF_CASES,
                SEED + 1, accepted, (System.nanoTime() - t0) / 1e9);
        assertEquals(Map.of(), failures, "kinds of failure, each with its first case");
        assertEquals(runsExisted, Files.exists(workingDirRuns), "nothing written into the working directory");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "nothing written beside the configs");
        }
        assertTrue(accepted > 0, "some random configs are valid");
    }

    private static String trace(Throwable e) {
        StringWriter s = new StringWriter();
        e.printStackTrace(new PrintWriter(s));
        return s.toString().lines().limit(12).reduce("", (a, b) -> a + b + "\n");
    }

    /** The generator: a random config file (written into {@code dir}) and a random override list. */
    static final class RandomConfigs {

        /** Keys the runner and the built-in plugins know, so that many cases get past the first check. */
        private static final String[] KNOWN = {
            "experiment.name", "backend.type", "backend.threads", "backend.search", "data.dataset", "data.path",
            "data.trainLimit", "data.testLimit", "data.imageSize", "data.channels", "data.testPath",
            "data.testFraction", "model.type", "model.latentChannels", "model.encoder.type",
            "model.encoder.channels", "model.encoder.downsamplings", "model.encoder.resBlocks",
            "model.encoder.resHidden", "model.quantizer.type", "model.quantizer.codebookSize",
            "model.quantizer.beta", "model.quantizer.levels", "model.quantizer.inner.type",
            "model.quantizer.inner.codebookSize", "model.quantizer.inner.inner.type", "model.quantizer.heads",
            "model.quantizer.codebookBits", "model.quantizer.decay", "model.quantizer.init",
            "model.quantizer.distance", "model.decoder.type", "model.decoder.channels",
            "model.discriminator.type", "loss.reconstruction.type", "loss.reconstruction.weight",
            "loss.codebookWeight", "loss.perceptual.type", "loss.adversarial.type", "loss.adversarial.discStart",
            "train.steps", "train.epochs", "train.batchSize", "train.learningRate", "train.seed",
            "train.logEvery", "train.checkpointEvery", "train.evalBatchSize", "train.gradClip", "train.emaDecay",
            "train.beta1", "train.discLearningRate", "eval.featureNetwork",
        };
        private static final String[] NAMES = {"cpu", "gpu", "auto", "vq", "ema", "gumbel", "fsq", "lfq", "residual",
            "product", "conv-resnet", "vqgan-encoder", "vqgan-decoder", "patchgan", "mse", "l1", "perceptual",
            "hinge", "non-saturating", "wasserstein", "none", "vqvae", "vqgan", "fashion-mnist", "mnist",
            "image-folder", "kmeans", "uniform", "l2", "cosine", "engine", "vector"};
        private static final String[] ODD = {"", " ", "~", "null", "Null", "NULL", "true", "no", "off", "y", ".inf",
            "-.inf", ".nan", "0x1F", "0o17", "1_000", "1e400", "-1e400", "4.9e-324", "99999999999999999999",
            "-9223372036854775809", "2147483648", "-0", "+12", "1.", ".5", "1e3", "NaN", "Infinity", "０１２",
            "٣", "ä", "日本語", "🙂", "\u202e", "\u0000", "'quoted'", "\"dq\"", "a: b", "- x", "[1, 2", "{a: 1",
            "${train.steps}", "${env:HOME}", "${sys:user.home}", "${file:/etc/passwd}", "${", "${nope}", "$${x}",
            "8,5,5", "[8,5,5]", "[]", "{}", "&a", "*a", "!!binary aGk=", "|", ">", "#", "% x", "@x", "`x`",
            "\t", "a\nb", "\\", "..", "/", "./x", "C:\\x"};

        /** A valid config in the flagship's shape, with small data and steps. */
        private static final String FLAGSHIP = String.join("\n", "experiment: {name: fuzz}",
                "backend: {type: cpu, threads: 1, search: auto}",
                "data: {dataset: fashion-mnist, trainLimit: 256, testLimit: 64}",
                "model:", "  type: vqvae", "  latentChannels: 16",
                "  encoder: {type: conv-resnet, channels: 16, downsamplings: 2, resBlocks: 1, resHidden: 8}",
                "  quantizer: {type: vq, codebookSize: 64, beta: 0.25}",
                "  decoder: {type: conv-resnet, channels: 16, downsamplings: 2, resBlocks: 1, resHidden: 8}",
                "train: {steps: 4, batchSize: 32, learningRate: 0.001, checkpointEvery: 2}", "");

        record Case(int index, Path file, String text, List<String> overrides) {
            String describe() {
                return "case " + index + ": " + file.getFileName() + "\n---\n" + text + "\n---\noverrides " + overrides;
            }
        }

        private final Random random;
        private final Path dir;
        private final List<Path> written = new ArrayList<>();

        RandomConfigs(Random random, Path dir) {
            this.random = random;
            this.dir = dir;
        }

        Case next(int index) throws IOException {
            boolean yaml = random.nextInt(8) != 0;
            String text = !yaml ? properties() : random.nextInt(5) < 2 ? flagship() : yaml();
            String name = "c" + index + (yaml ? (random.nextBoolean() ? ".yaml" : ".yml") : ".properties");
            Path file = dir.resolve(name);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            written.add(file);
            List<String> overrides = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                overrides.add(override());
            }
            return new Case(index, file, text, overrides);
        }

        void deleteFiles() throws IOException {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
            written.clear();
        }

        /** The flagship config, small enough to check, with now and then one value changed. */
        private String flagship() {
            StringBuilder out = new StringBuilder(FLAGSHIP);
            if (random.nextInt(3) == 0) {
                String k = pick(KNOWN);
                String[] parts = k.split("\\.");
                for (int i = 0; i < parts.length; i++) {
                    out.append("  ".repeat(i)).append(parts[i]).append(':');
                    out.append(i == parts.length - 1 ? " " + value(k) + "\n" : "\n");
                }
            }
            return out.toString();
        }

        private String key() {
            return switch (random.nextInt(10)) {
                case 0 -> pick(KNOWN) + "." + word();
                case 1 -> word() + (random.nextBoolean() ? "." + word() : "");
                case 2 -> pick(new String[] {"a..b", ".a", "a.", "<<", "~x", "?", "-", "a b", "日本.語", "key:x", "${x}"});
                default -> pick(KNOWN);
            };
        }

        private String word() {
            return random.nextInt(3) == 0 ? pick(ODD) : pick(KNOWN).replaceAll(".*\\.", "") + random.nextInt(3);
        }

        /** A value for {@code key}: mostly plausible, sometimes anything. Paths stay inside the test's folder. */
        private String value(String key) {
            if (key.toLowerCase().endsWith("path") || key.endsWith("featureNetwork")) {
                return pick(new String[] {"", "\"\"", dir.resolve("nowhere").toString(), dir.resolve("x.bin").toString(),
                    "rel/ative", "\"\\0\""});
            }
            return switch (random.nextInt(9)) {
                case 0, 1 -> String.valueOf(random.nextInt(5) == 0 ? random.nextLong() : random.nextInt(2000) - 10);
                case 2 -> String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(20) - 10));
                case 3, 4 -> pick(NAMES);
                case 5 -> "[" + random.nextInt(9) + ", " + random.nextInt(9) + ", " + random.nextInt(9) + "]";
                case 6 -> random.nextBoolean() ? "true" : "false";
                default -> pick(ODD);
            };
        }

        private String yaml() {
            StringBuilder out = new StringBuilder();
            if (random.nextInt(10) == 0) {
                out.append("base: &base {type: vq, codebookSize: ").append(random.nextInt(600)).append("}\n");
            }
            int sections = 1 + random.nextInt(6);
            for (int s = 0; s < sections; s++) {
                switch (random.nextInt(12)) {
                    case 0 -> out.append(key()).append(": ").append(value("")).append('\n');
                    case 1 -> out.append("model:\n  quantizer: *base\n");
                    case 2 -> out.append("model:\n  quantizer:\n    <<: *base\n    beta: ").append(value("beta")).append('\n');
                    case 3 -> out.append("train: &t\n  steps: ").append(value("steps")).append("\nother: *t\n");
                    case 4 -> nested(out, 0, random.nextInt(12));
                    case 5 -> out.append("model.quantizer.levels:\n  - ").append(value("")).append("\n  - {a: 1}\n");
                    case 6 -> out.append("train: !!python/object:os.system {}\n");
                    case 7 -> out.append("---\ntrain: {steps: 1}\n");
                    default -> {
                        String k = pick(KNOWN);
                        String[] parts = k.split("\\.");
                        for (int i = 0; i < parts.length; i++) {
                            out.append("  ".repeat(i)).append(parts[i]).append(':');
                            out.append(i == parts.length - 1 ? " " + value(k) + "\n" : "\n");
                        }
                    }
                }
            }
            String text = out.toString();
            if (random.nextInt(6) == 0 && !text.isEmpty()) {
                int at = random.nextInt(text.length());
                if (Character.isLowSurrogate(text.charAt(at))) {
                    at--; // keep a surrogate pair whole: the file is UTF-8
                }
                text = text.substring(0, at) + pick(new String[] {"\t", ":", "- ", "{", "]", "'", "\"", "&", "*", "!",
                    "%", "\n  ", "\u00a0"}) + text.substring(at);
            }
            return text;
        }

        private void nested(StringBuilder out, int depth, int maxDepth) {
            out.append("  ".repeat(depth)).append(depth == 0 ? pick(new String[] {"model", "train", "loss", "x"}) : word())
                    .append(':');
            if (depth >= maxDepth) {
                out.append(' ').append(value("")).append('\n');
                return;
            }
            out.append('\n');
            nested(out, depth + 1, maxDepth);
        }

        private String properties() {
            StringBuilder out = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                String k = key();
                out.append(k).append(random.nextBoolean() ? "=" : " : ").append(value(k)).append('\n');
            }
            if (random.nextInt(10) == 0) {
                out.append("include = other.properties\n");
            }
            return out.toString();
        }

        private String override() {
            return switch (random.nextInt(12)) {
                case 0 -> "~" + key();
                case 1 -> pick(new String[] {"=x", "noequals", "~", "~=1", " = ", "a=b=c", "~train.steps=3", "",
                    "model=3", "train=", "~model", "train.steps=${train.epochs}", "train.epochs=${train.steps}",
                    "a" + ".b".repeat(300) + "=1", "model.quantizer" + ".inner".repeat(12) + ".type=residual",
                    "model.quantizer.type=residual", "data.dataset=image-folder", "model.type=vqgan"});
                case 2 -> pick(new String[] {"backend", "model.quantizer", "model.encoder", "loss.reconstruction",
                    "model.quantizer.inner"}) + ".type=" + pick(NAMES);
                default -> {
                    String k = key();
                    yield k + "=" + value(k);
                }
            };
        }

        private String pick(String[] options) {
            return options[random.nextInt(options.length)];
        }
    }
}

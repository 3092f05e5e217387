package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests run on the class path (META-INF/services). This one starts a real JVM with every module on
 * the module path, as the vqf launcher does, and checks that ServiceLoader finds the plugins
 * through their module-info {@code provides} there too.
 */
class ModulePathLaunchTest {

    @TempDir
    Path dir;

    @Test
    void pluginsAreFoundOnTheModulePath() throws IOException, InterruptedException {
        Launched plugins = vqf("plugins", "--json");
        assertEquals(0, plugins.exit(), plugins.err());
        String out = plugins.out();
        JsonObject listing = new Gson().fromJson(out, JsonObject.class);
        Set<String> names = new TreeSet<>();
        for (String point : List.of("backend", "quantizer", "architecture", "prior", "loss")) {
            JsonArray providers = listing.getAsJsonArray(point);
            providers.forEach(e -> names.add(e.getAsJsonObject().get("name").getAsString()));
        }
        assertTrue(names.containsAll(List.of("cpu", "gpu", "auto", "vq", "conv-resnet", "transformer", "pixelcnn", "mse", "l1")), names.toString());
        assertEquals(0, listing.getAsJsonArray("problems").size(), listing.get("problems").toString());
    }

    /**
     * Guice and Gson reflect into the runner's packages: only the module path shows a package that
     * module-info does not open to them. A tokenizer, then a prior over its codes, each trained for a few steps.
     */
    @Test
    void aTokenizerAndAPriorTrainOnTheModulePath() throws IOException, InterruptedException {
        Path tokenizer = dir.resolve("tokenizer");
        Launched train = vqf("train", RerunTest.TINY.toString(), "train.steps=2", "--quiet", "--run-dir",
                tokenizer.toString());
        assertEquals(0, train.exit(), train.err());
        assertTrue(Files.isRegularFile(tokenizer.resolve("eval.json")), train.out());
        // the page at the end draws its charts (java.desktop on the module path)
        assertTrue(train.out().contains("report: " + tokenizer.resolve("report.html")), train.out());
        assertTrue(Files.readString(tokenizer.resolve("report.html")).contains("<table id=\"evaluation\">"));
        Path prior = dir.resolve("prior");
        Launched trainPrior = vqf("train", PriorTrainingTest.config(dir, tokenizer).toString(), "--quiet",
                "--run-dir", prior.toString());
        assertEquals(0, trainPrior.exit(), trainPrior.err());
        assertTrue(Files.isRegularFile(prior.resolve("eval.json")) && Files.isRegularFile(prior.resolve("tokenizer.json")),
                trainPrior.out() + trainPrior.err());
        // a prior's page: its training curves (the model type's default sections), evaluation and config
        String priorPage = Files.readString(prior.resolve("report.html"));
        assertTrue(priorPage.contains("<h2 id=\"losses\">") && priorPage.contains("<table id=\"evaluation\">"),
                trainPrior.out());
    }

    record Launched(int exit, String out, String err) {}

    /** Runs {@code vqf args} in a JVM with every module on the module path, as the launcher does. */
    static Launched vqf(String... args) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> modules = new ArrayList<>();
        List<String> nativeJars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (entry.contains("test-classes") || name.startsWith("surefire") || name.contains("junit")
                    || name.startsWith("archunit") || name.startsWith("opentest4j") || name.startsWith("apiguardian")) {
                continue;
            }
            (name.startsWith("pytorch-native") ? nativeJars : modules).add(entry);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--module-path", String.join(File.pathSeparator, modules),
                "--class-path", String.join(File.pathSeparator, nativeJars), "--add-modules", "ALL-MODULE-PATH",
                "-m", "org.vqforge.runner/org.vqforge.runner.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().put("DJL_OFFLINE", "true");
        Path errFile = Files.createTempFile("vqf-err", ".txt");
        Process p = builder.redirectError(errFile.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        String err = Files.readString(errFile);
        Files.delete(errFile);
        return new Launched(p.exitValue(), out, err);
    }
}

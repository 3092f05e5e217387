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
 * through their module-info {@code provides} there too, and that a run trains there.
 */
class ModulePathLaunchTest {

    @TempDir
    Path dir;

    @Test
    void pluginsAreFoundOnTheModulePath() throws IOException, InterruptedException {
        Process p = vqfOnTheModulePath("plugins", "--json");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
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
     * Guice reaches the recipes' {@code @Provides} methods only through module-info's {@code opens};
     * the tests on the class path cannot tell. The page at the end draws its charts (java.desktop).
     */
    @Test
    void aTinyRunTrainsOnTheModulePathAndGetsItsPage() throws IOException, InterruptedException {
        Path run = dir.resolve("run");
        Process p = vqfOnTheModulePath("train", RerunTest.TINY.toString(), "--quiet", "--run-dir", run.toString());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.contains("report: " + run.resolve("report.html")), out);
        assertTrue(Files.readString(run.resolve("report.html")).contains("<table id=\"evaluation\">"));
    }

    /** {@code vqf ARGS} in a new JVM with every module on the module path, as the launcher starts it. */
    private static Process vqfOnTheModulePath(String... args) throws IOException {
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
        return new ProcessBuilder(command).redirectErrorStream(false).start();
    }
}

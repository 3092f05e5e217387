package org.vqforge.launchers.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.vqforge.runner.cli.TrainEndToEndTest;

/**
 * The study every Spark test runs (4 tiny trials: two learning rates, two seeds, one thread each,
 * a checkpoint every 10 of 30 steps) and what they compare: its metrics under the local launcher.
 */
final class SparkStudies {

    static final Path TINY = Path.of("../../runner/src/test/resources/study/tiny.yaml").toAbsolutePath().normalize();
    /** The results.csv columns that must not depend on the launcher (timings do). */
    static final List<String> METRICS = List.of("psnr", "ssim", "usage", "perplexity", "final_loss", "final_reconstruction_loss");
    static final Path WORK = Path.of("target/spark-tests").toAbsolutePath();

    private static Map<String, Map<String, String>> baseline;

    private SparkStudies() {}

    /** {@code vqf ARGS} in this JVM. */
    static TrainEndToEndTest.Result vqf(String... args) {
        return TrainEndToEndTest.vqf(args);
    }

    /** The study file, written into {@code dir}. */
    static Path studyFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("study.yaml");
        Files.writeString(file, String.join("\n",
                "name: spark-check",
                "base: " + TINY,
                "set: {train.steps: 30, train.checkpointEvery: 10, backend.threads: 1}",
                "axes:",
                "  - key: train.learningRate",
                "    values: [0.001, 0.002]",
                "seeds: 2", ""));
        return file;
    }

    /** The arguments that run the study into {@code studyDir}, two trials at a time. */
    static List<String> ablate(Path studyFile, Path studyDir, String... more) {
        List<String> args = new ArrayList<>(List.of("ablate", studyFile.toString(), "--workers", "2", "--study-dir",
                studyDir.toString(), "--progress-every", "0"));
        args.addAll(List.of(more));
        return args;
    }

    /** The study under the local launcher, run once per test JVM: its folder. */
    static synchronized Path baselineDir() throws IOException {
        Path dir = WORK.resolve("baseline");
        if (baseline == null) {
            deleteTree(WORK);
            TrainEndToEndTest.Result r = vqf(ablate(studyFile(WORK.resolve("baseline-file")), dir).toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.out() + r.err());
            baseline = metrics(dir);
        }
        return dir;
    }

    /** The metrics of each trial of the local run. */
    static synchronized Map<String, Map<String, String>> baseline() throws IOException {
        baselineDir();
        return baseline;
    }

    /** Trial id → its launcher-independent metrics, as results.csv has them (every trial completed). */
    static Map<String, Map<String, String>> metrics(Path studyDir) throws IOException {
        Map<String, Map<String, String>> byTrial = new TreeMap<>();
        try (Reader in = Files.newBufferedReader(studyDir.resolve("results.csv"), StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                assertEquals("completed", row.get("status"), row.toString());
                Map<String, String> values = new LinkedHashMap<>();
                METRICS.forEach(m -> values.put(m, row.get(m)));
                byTrial.put(row.get("trial"), values);
            }
        }
        assertEquals(4, byTrial.size(), byTrial.toString());
        return byTrial;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var tree = Files.walk(root)) {
            for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static JsonObject provenance(Path runDir) throws IOException {
        return new Gson().fromJson(Files.readString(runDir.resolve("provenance.json")), JsonObject.class);
    }

    /** Live processes whose command line mentions {@code text} (from /proc: ProcessHandle.Info may cut it). */
    static List<ProcessHandle> processesMentioning(String text) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid() && commandLine(p).contains(text))
                .toList();
    }

    static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The options Spark needs in a JVM (this one has them from Surefire's argLine, as ./vqf passes them). */
    static List<String> sparkJvmOptions() {
        return jvmArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")
                        || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("--enable-native-access"))
                .toList();
    }

    /** This JVM's command line (java.management is not readable from this module's tests). */
    static List<String> jvmArguments() {
        return List.of(commandLine(ProcessHandle.current()).split(" "));
    }

    /** Waits until {@code condition} holds; false after {@code seconds}. */
    static boolean waitFor(java.util.function.BooleanSupplier condition, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}

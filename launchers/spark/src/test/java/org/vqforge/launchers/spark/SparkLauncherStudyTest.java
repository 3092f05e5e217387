package org.vqforge.launchers.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vqforge.runner.cli.TrainEndToEndTest;
import org.vqforge.api.launcher.JavaCommand;
import org.vqforge.launchers.spark.task.TrialProcess;

/**
 * The study under Spark's embedded local[2]: the same metrics as under the local launcher, with
 * and without a shared study folder; bad settings stop it before any trial starts; Ctrl-C leaves
 * nothing running.
 */
class SparkLauncherStudyTest {

    @Test
    void localTwoGivesTheLocalLaunchersMetricsAndRecordsWhereEachTrialRan() throws Exception {
        Map<String, Map<String, String>> local = SparkStudies.baseline();
        Path dir = SparkStudies.WORK.resolve("local2");
        TrainEndToEndTest.Result r = SparkStudies.vqf(SparkStudies.ablate(SparkStudies.studyFile(dir), dir.resolve("study"),
                "--launcher", "spark", "-L", "master=local[2]").toArray(String[]::new));

        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals(local, SparkStudies.metrics(dir.resolve("study")));
        assertTrue(r.out().contains("[study] 4/4 done, 0 running, 0 failed, 0 waiting"), r.out());
        for (String trial : local.keySet()) {
            Path run = dir.resolve("study").resolve(trial);
            JsonObject launcher = SparkStudies.provenance(run).getAsJsonObject("launcher");
            assertEquals("spark", launcher.get("type").getAsString());
            assertEquals("local[2]", launcher.get("master").getAsString());
            assertEquals("driver", launcher.get("executorId").getAsString(), "local mode runs tasks in the driver");
            assertFalse(launcher.get("executorHost").getAsString().isBlank());
            assertEquals(0, launcher.get("retries").getAsInt());
            assertTrue(Files.isDirectory(run.resolve("checkpoints")), "a shared folder holds the checkpoints");
        }
    }

    @Test
    void withoutASharedFolderTheSmallFilesComeBackAndTheCheckpointsStayOnTheExecutor() throws Exception {
        Map<String, Map<String, String>> local = SparkStudies.baseline();
        Path dir = SparkStudies.WORK.resolve("unshared");
        long started = System.currentTimeMillis() - 1000;
        TrainEndToEndTest.Result r = SparkStudies.vqf(SparkStudies.ablate(SparkStudies.studyFile(dir), dir.resolve("study"),
                "--launcher", "spark", "-L", "master=local[2]", "-L", "sharedStudyDir=false").toArray(String[]::new));

        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals(local, SparkStudies.metrics(dir.resolve("study")));
        for (String trial : local.keySet()) {
            Path run = dir.resolve("study").resolve(trial);
            for (String file : List.of("config.yaml", "metrics.jsonl", "eval.json", "codes.json", "provenance.json",
                    "reconstructions.png", "trial.log", "trial.json")) {
                assertTrue(Files.size(run.resolve(file)) > 0, run.resolve(file) + " came back");
            }
            assertFalse(Files.exists(run.resolve("checkpoints")), "checkpoints stay on the executor");
            Path onExecutor = TrialProcess.localDirectoryOf(trial, run.toString());
            assertTrue(names(onExecutor.resolve("checkpoints")).contains("step-000000030"),
                    "the executor keeps the trial's checkpoints, the last one included");
            assertTrue(Files.getLastModifiedTime(onExecutor.resolve("eval.json")).toMillis() >= started,
                    "written by this study");
        }
    }

    @Test
    void anUnreachableMasterOrASettingSparkRefusesExitsTwoAndLeavesTheStudyResumable() throws Exception {
        Path study = SparkStudies.baselineDir();
        Path file = SparkStudies.WORK.resolve("baseline-file/study.yaml");
        Map<String, String> before = digests(study);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        TrainEndToEndTest.Result unreachable = SparkStudies.vqf(SparkStudies.ablate(file, study, "--launcher", "spark",
                "-L", "master=spark://127.0.0.1:" + closedPort).toArray(String[]::new));
        assertEquals(2, unreachable.exitCode(), unreachable.out() + unreachable.err());
        assertTrue(unreachable.err().contains("launcher spark: master: no Spark master answers at 127.0.0.1:" + closedPort),
                unreachable.err());

        TrainEndToEndTest.Result refused = SparkStudies.vqf(SparkStudies.ablate(file, study, "--launcher", "spark",
                "-L", "master=local[1]", "-L", "conf=spark.scheduler.mode=SOMETIMES").toArray(String[]::new));
        assertEquals(2, refused.exitCode(), refused.out() + refused.err());
        assertTrue(refused.err().contains("launcher spark: Spark refused to start") && refused.err().contains("SOMETIMES"),
                refused.err());

        TrainEndToEndTest.Result malformed = SparkStudies.vqf(SparkStudies.ablate(file, study, "--launcher", "spark",
                "-L", "conf=spark.task.maxFailures").toArray(String[]::new));
        assertEquals(2, malformed.exitCode());
        assertTrue(malformed.err().contains("conf: 'spark.task.maxFailures' is not KEY=VALUE"), malformed.err());

        assertEquals(before, digests(study), "nothing in the study folder changed");
        TrainEndToEndTest.Result resumed = SparkStudies.vqf("ablate", study.toString(), "--progress-every", "0");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("resuming: 4 finished trial(s) kept, 0 to run"), resumed.out());
    }

    @Test
    void ctrlCCancelsTheJobAndStopsEveryTrialJvm() throws Exception {
        Path dir = SparkStudies.WORK.resolve("interrupted");
        Path study = dir.resolve("study");
        List<String> options = new ArrayList<>(SparkStudies.sparkJvmOptions());
        options.add("-Xmx1g");
        List<String> command = JavaCommand.current(options).commandLine(SparkStudies.ablate(SparkStudies.studyFile(dir), study,
                "--launcher", "spark", "-L", "master=local[2]"));
        Process vqf = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("vqf.log").toFile()).start();
        try {
            // two trials training: each has written its provenance
            assertTrue(SparkStudies.waitFor(() -> trialsTraining(study) == 2, 120), "two trials started training");
            assertEquals(2, SparkStudies.processesMentioning(study + "/").size(), "two trial JVMs");

            new ProcessBuilder("kill", "-INT", Long.toString(vqf.pid())).start().waitFor();
            assertTrue(vqf.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "vqf stopped on SIGINT");
            assertTrue(SparkStudies.waitFor(() -> SparkStudies.processesMentioning(study.toString()).isEmpty(), 5),
                    "left running: " + SparkStudies.processesMentioning(study.toString()).stream()
                            .map(SparkStudies::commandLine).toList());
        } finally {
            vqf.destroyForcibly();
            SparkStudies.processesMentioning(study.toString()).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static long trialsTraining(Path study) {
        try (Stream<Path> runs = Files.list(study)) {
            return runs.filter(r -> Files.exists(r.resolve("provenance.json"))).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Every file of a folder with its SHA-256. */
    static Map<String, String> digests(Path root) throws IOException, NoSuchAlgorithmException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.filter(Files::isRegularFile).toList()) {
                digests.put(root.relativize(p).toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return digests;
    }
}

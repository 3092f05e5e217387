package org.vqforge.launchers.spark.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One attempt of a trial on an executor, with shell commands standing in for the trial's JVM:
 * which endings Spark should retry, that an interrupted task leaves no process behind, and what
 * comes back when the study folder is not shared.
 */
class TrialProcessTest {

    @TempDir
    Path dir;

    private TrialTask task(String script, boolean shared) {
        return new TrialTask("t1", List.of("sh", "-c", script), dir.toString(), shared,
                "experiment: {name: t}\n".getBytes(StandardCharsets.UTF_8), Map.of("OMP_NUM_THREADS", "3"));
    }

    @Test
    void aTrialThatFailsByItselfIsAResultAndOneKilledBySignalIsWorthAnotherAttempt() throws Exception {
        TrialOutcome badConfig = TrialProcess.run(task("echo bad config; exit 2", true), 0, "7");
        assertEquals(2, badConfig.exitStatus());
        assertFalse(badConfig.killed(), "exit 2 would fail again: no retry");
        assertEquals("7", badConfig.executorId());
        assertTrue(Files.readString(dir.resolve("trial.log")).contains("bad config"), "output goes to the shared trial.log");

        TrialOutcome killed = TrialProcess.run(task("kill -9 $$", true), 1, "7");
        assertEquals(128 + 9, killed.exitStatus());
        assertTrue(killed.killed());
        assertEquals(1, killed.attempt());
    }

    @Test
    void theTrialSeesItsThreadCount() throws Exception {
        TrialProcess.run(task("echo threads=$OMP_NUM_THREADS", true), 0, "driver");
        assertTrue(Files.readString(dir.resolve("trial.log")).contains("threads=3"));
    }

    @Test
    void anInterruptedTaskStopsTheTrialBeforeItReturns() throws Exception {
        Path pidFile = dir.resolve("pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread task = new Thread(() -> {
            try {
                TrialProcess.run(task("echo $$ > " + pidFile + "; exec sleep 600", true), 0, "driver");
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        task.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(pidFile) && Files.size(pidFile) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertTrue(ProcessHandle.of(pid).isPresent(), "the trial runs");

        task.interrupt();
        task.join(15_000);
        assertFalse(task.isAlive());
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the trial's process is gone");
    }

    @Test
    void withoutASharedFolderTheTrialRunsInTheExecutorsDirectoryAndItsSmallFilesComeBack() throws Exception {
        Path local = TrialProcess.localDirectoryOf("t1", dir.toString());
        String script = "cd " + dir + " && mkdir -p checkpoints/step-1 && echo 0.5 > eval.json && cat config.yaml";
        TrialOutcome outcome = TrialProcess.run(task(script, false), 0, "3");

        assertEquals(0, outcome.exitStatus());
        assertEquals(Set.of("config.yaml", "eval.json", "trial.log"), outcome.files().keySet());
        assertArrayEquals("0.5\n".getBytes(StandardCharsets.UTF_8), outcome.files().get("eval.json"));
        assertTrue(new String(outcome.files().get("trial.log"), StandardCharsets.UTF_8).contains("experiment: {name: t}"),
                "the run's config was written on the executor's side");
        assertTrue(Files.isDirectory(local.resolve("checkpoints/step-1")), "checkpoints stay with the executor");
        assertFalse(Files.exists(dir.resolve("eval.json")), "the command pointed at the executor's directory, not the driver's");

        TrialProcess.run(task("true", false), 1, "3");
        assertFalse(Files.exists(local.resolve("checkpoints")), "a retry without a shared folder starts from scratch");
        try (var tree = Files.walk(local)) {
            for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void anAttemptIsRetriedOnlyWhenKilled() {
        assertFalse(new TrialOutcome(1, "1", "h", 0, 0, 0, Map.of()).killed(), "a NaN loss (exit 1) fails again");
        assertFalse(new TrialOutcome(128, "1", "h", 0, 0, 0, Map.of()).killed());
        assertTrue(new TrialOutcome(143, "1", "h", 0, 0, 0, Map.of()).killed(), "SIGTERM from outside");
        assertThrows(NullPointerException.class, () -> new TrialTask(null, List.of(), "d", true, new byte[0], Map.of()));
    }
}

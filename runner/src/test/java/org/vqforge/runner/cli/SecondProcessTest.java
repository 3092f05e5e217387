package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.runner.cli.TrainEndToEndTest.vqf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.api.launcher.JavaCommand;
import org.vqforge.runner.cli.TrainEndToEndTest.Result;
import org.vqforge.runner.files.RunLock;

/**
 * What takes a second process: a run directory another vqf process trains into, a lock left by a
 * process killed with SIGKILL, and the VQF_PLUGINS variable (read from the environment).
 */
class SecondProcessTest {

    @TempDir
    Path dir;

    private static ProcessBuilder vqfProcess(Path logs, String name, String... args) {
        return new ProcessBuilder(JavaCommand.current(List.of()).commandLine(List.of(args)))
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstRunsAndAKilledHolderLeavesNothingStale() throws Exception {
        Path run = dir.resolve("run");
        Path lockFile = run.resolve(RunLock.FILE);
        Process first = vqfProcess(dir, "first", "train", TrainEndToEndTest.CONFIG, "data.trainLimit=256",
                "data.testLimit=64", "train.steps=1000000", "backend.threads=1", "--quiet", "--run-dir", run.toString())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(run.resolve("config.yaml")) && Files.readString(lockFile).startsWith("pid "))) {
                assertTrue(first.isAlive(), () -> "the first trainer ended: " + read(dir.resolve("first.err")));
                assertTrue(System.nanoTime() < deadline, "the first trainer took no lock in 120 s");
                Thread.sleep(100);
            }
            byte[] config = Files.readAllBytes(run.resolve("config.yaml"));

            Result second = vqf("train", TrainEndToEndTest.CONFIG, "data.trainLimit=256", "data.testLimit=64",
                    "train.steps=2", "backend.threads=1", "--quiet", "--run-dir", run.toString());

            assertEquals(2, second.exitCode(), second.err());
            assertTrue(second.err().startsWith("error: run directory " + run + " is in use by pid " + first.pid() + " on "),
                    second.err());
            assertFalse(second.err().contains("\tat "), second.err());
            assertEquals("", second.out());
            assertTrue(Files.readString(lockFile).startsWith("pid " + first.pid() + " "), "the holder's record is intact");
            assertArrayEquals(config, Files.readAllBytes(run.resolve("config.yaml")));
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(lockFile), "a killed holder leaves its lock file");
        try (RunLock lock = RunLock.acquire(run)) {
            assertTrue(Files.readString(lockFile).startsWith("pid " + ProcessHandle.current().pid() + " "));
        }
    }

    @Test
    void aVqfPluginsEntryThatDoesNotExistIsAnErrorNamingIt() throws Exception {
        ProcessBuilder plugins = vqfProcess(dir, "plugins", "plugins");
        plugins.environment().put("VQF_PLUGINS", "/nonexistent/plugin.jar");
        Process p = plugins.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals("error: VQF_PLUGINS entry /nonexistent/plugin.jar does not exist\n", read(dir.resolve("plugins.err"))
                .lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).map(l -> l + "\n")
                .reduce("", String::concat));
        assertEquals("", read(dir.resolve("plugins.out")), "no listing without the user's plugin");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}

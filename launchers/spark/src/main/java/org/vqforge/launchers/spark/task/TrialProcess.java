package org.vqforge.launchers.spark.task;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one attempt of a trial on an executor: its own JVM (DJL allows one gradient collector per
 * JVM), waited for by the task's thread. The JVM never outlives the attempt: an interrupted task
 * (the study was cancelled) and an executor that shuts down (its worker was lost) both stop it.
 */
public final class TrialProcess {

    /** Where trials run when the study directory is not shared; their checkpoints stay there. */
    public static final String LOCAL_ROOT = "vqforge-trials";

    /** How long a stopped trial gets to end on SIGTERM before SIGKILL. */
    private static final long GRACE_SECONDS = 10;

    private TrialProcess() {}

    /**
     * Runs the trial and waits for it.
     *
     * @param attempt Spark's attempt number of the task
     * @param executorId Spark's id of this executor
     * @throws InterruptedException when the task is cancelled; the trial's JVM is stopped first
     */
    public static TrialOutcome run(TrialTask task, int attempt, String executorId) throws IOException, InterruptedException {
        Path runDirectory = task.sharedDirectory() ? Path.of(task.runDirectory()) : localDirectory(task);
        List<String> command = task.sharedDirectory() ? task.command() : relocate(task.command(), task.runDirectory(), runDirectory);
        Path log = runDirectory.resolve("trial.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .redirectInput(Redirect.from(new File("/dev/null")));
        builder.environment().putAll(task.environment());
        long started = System.currentTimeMillis();
        Process process = builder.start();
        Thread stopOnExit = new Thread(() -> stop(process), "vqforge-trial-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // the executor is shutting down: the hook stops the JVM
            }
        }
        Map<String, byte[]> files = task.sharedDirectory() ? Map.of() : smallFiles(runDirectory);
        return new TrialOutcome(exit, executorId, hostName(), attempt, started, System.currentTimeMillis(), files);
    }

    /** SIGTERM, then SIGKILL after the grace period; the trial's own children too. */
    static void stop(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * The executor's directory for a trial whose study directory it cannot see: emptied, with the
     * run's config. A retried attempt starts from scratch, whatever an earlier one left here.
     */
    static Path localDirectory(TrialTask task) throws IOException {
        Path dir = localDirectoryOf(task.id(), task.runDirectory());
        if (Files.exists(dir)) {
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve("config.yaml"), task.config());
        return dir;
    }

    /** Where an executor runs trial {@code id} of the run directory {@code runDirectory} when the folder is not shared. */
    public static Path localDirectoryOf(String id, String runDirectory) {
        return Path.of(System.getProperty("java.io.tmpdir"), LOCAL_ROOT, id + "-" + shortHash(runDirectory));
    }

    /** The command with every mention of the driver's run directory pointing at {@code local}. */
    static List<String> relocate(List<String> command, String runDirectory, Path local) {
        return command.stream().map(a -> a.replace(runDirectory, local.toString())).toList();
    }

    /** The run's files (config, metrics, evaluation, codes, provenance, images, log); not its checkpoints. */
    static Map<String, byte[]> smallFiles(Path runDirectory) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(runDirectory)) {
            for (Path p : entries.filter(Files::isRegularFile).sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    files.put(name, Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}

package org.vqforge.launchers.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.vqforge.runner.cli.TrainEndToEndTest;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Spark standalone cluster on loopback, started from the build's Spark jars as
 * start-master / start-worker would start it: a master and two workers of one core, each its own
 * process. One worker is killed (SIGKILL) while its trial trains; Spark runs the trial again on
 * the other and the study's metrics are the local launcher's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {

    private static final Path SPARK_HOME = Path.of("target/spark").toAbsolutePath();
    private static final List<Process> STARTED = new ArrayList<>();
    /** Processes of the killed worker, no longer its descendants once it is gone. */
    private static final List<ProcessHandle> ORPHANED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static Path dir;
    private static String master;
    private static List<Process> workers;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = SparkStudies.WORK.resolve("standalone");
        SparkStudies.deleteTree(dir);
        Files.createDirectories(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        master = "spark://127.0.0.1:" + port;
        start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--webui-port", "0");
        assertTrue(SparkStudies.waitFor(() -> answers(port), 60), "the master listens on " + master);
        workers = List.of(
                start("worker-1", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0",
                        "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir", dir.resolve("work-1").toString(), master),
                start("worker-2", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0",
                        "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir", dir.resolve("work-2").toString(), master));
    }

    /** Every process the cluster started, workers' executors and their trials included. */
    @AfterAll
    static void stopCluster() {
        ORPHANED.forEach(ProcessHandle::destroyForcibly);
        for (Process p : STARTED) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : STARTED) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    @Order(1)
    void aTrialNeedingMoreCoresThanAnyWorkerIsRefusedBeforeAnythingStarts() throws Exception {
        Path study = dir.resolve("too-big");
        TrainEndToEndTest.Result r = SparkStudies.vqf(SparkStudies.ablate(SparkStudies.studyFile(dir.resolve("too-big-file")), study,
                "--launcher", "spark", "-L", "master=" + master, "-L", "cpusPerTrial=2").toArray(String[]::new));

        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("launcher spark: cpusPerTrial 2 is more than any executor of " + master
                + " has (at most 1 cores)"), r.err());
        assertFalse(Files.exists(study), "no trial was started");
    }

    @Test
    @Order(2)
    void aWorkerKilledWhileItsTrialTrainsIsRetriedOnTheOtherWithTheSameMetrics() throws Exception {
        Map<String, Map<String, String>> local = SparkStudies.baseline();
        Path study = dir.resolve("study");
        AtomicReference<String> victim = new AtomicReference<>();
        AtomicReference<Instant> killedAt = new AtomicReference<>();
        Thread killer = new Thread(() -> killTheWorkerOfTheFirstTrialToCheckpoint(study, victim, killedAt), "worker-killer");
        killer.setDaemon(true);
        killer.start();
        TrainEndToEndTest.Result r = SparkStudies.vqf(SparkStudies.ablate(SparkStudies.studyFile(dir.resolve("study-file")), study,
                "--launcher", "spark", "-L", "master=" + master).toArray(String[]::new));
        killer.join(1000);

        assertNotNull(killedAt.get(), "a worker was killed while its trial trained\n" + r.out() + r.err());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals(local, SparkStudies.metrics(study), "every trial's metrics equal the local run's");
        assertEquals(1, workers.stream().filter(Process::isAlive).count(), "one worker left");

        JsonObject retried = SparkStudies.provenance(study.resolve(victim.get())).getAsJsonObject("launcher");
        assertEquals(master, retried.get("master").getAsString());
        assertEquals(1, retried.get("retries").getAsInt(), "the killed trial ran again: " + retried);
        assertTrue(Files.readString(study.resolve(victim.get()).resolve("trial.log")).contains("from step-"),
                "the retry resumed from the shared folder's last checkpoint");
        for (String trial : local.keySet()) {
            if (!trial.equals(victim.get())) {
                JsonObject other = SparkStudies.provenance(study.resolve(trial)).getAsJsonObject("launcher");
                assertNotEquals("driver", other.get("executorId").getAsString(), "on an executor");
            }
        }
        assertTrue(SparkStudies.processesMentioning(study + "/").isEmpty(), "no trial JVM left running");
        assertTrue(ORPHANED.stream().noneMatch(ProcessHandle::isAlive), "the lost worker's executor and trial JVM ended");

        Instant rerun = Instant.parse(retried.get("attemptStarted").getAsString());
        Instant done = Instant.parse(retried.get("attemptEnded").getAsString());
        System.out.printf("[timeline] worker killed %s; Spark re-ran %s at %s (+%.1f s); it ended at %s (+%.1f s after the kill)%n",
                killedAt.get(), victim.get(), rerun, seconds(killedAt.get(), rerun), done, seconds(killedAt.get(), done));
    }

    /** Waits for a trial's first checkpoint, then SIGKILLs the worker whose executor runs that trial's JVM. */
    private static void killTheWorkerOfTheFirstTrialToCheckpoint(Path study, AtomicReference<String> victim,
            AtomicReference<Instant> killedAt) {
        try {
            SparkStudies.waitFor(() -> firstCheckpointed(study).isPresent(), 300);
            String trial = firstCheckpointed(study).orElseThrow();
            ProcessHandle trialJvm = SparkStudies.processesMentioning(study.resolve(trial) + "/").get(0);
            ProcessHandle executor = trialJvm.parent().orElseThrow();
            ProcessHandle worker = executor.parent().orElseThrow();
            assertTrue(workers.stream().anyMatch(w -> w.pid() == worker.pid()), "the trial runs under one of the workers");
            victim.set(trial);
            ORPHANED.addAll(List.of(executor, trialJvm));
            worker.destroyForcibly();
            killedAt.set(Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<String> firstCheckpointed(Path study) {
        if (!Files.isDirectory(study)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(study)) {
            return runs.filter(r -> Files.isDirectory(r.resolve("checkpoints/step-000000010")))
                    .map(r -> r.getFileName().toString()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** A Spark daemon from the build's jars, on loopback only, as Spark's scripts would start it. */
    private static Process start(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(SparkStudies.sparkJvmOptions());
        command.addAll(List.of("-Xmx512m", "-Dspark.master.rest.enabled=false", "-cp", SPARK_HOME.resolve("jars") + "/*", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        // what spark-class sets: where the jars are (executors are started from them), loopback only
        builder.environment().put("SPARK_HOME", SPARK_HOME.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = builder.start();
        STARTED.add(p);
        return p;
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

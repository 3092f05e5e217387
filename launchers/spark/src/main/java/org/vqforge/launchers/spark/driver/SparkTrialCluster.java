package org.vqforge.launchers.spark.driver;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.status.api.v1.ExecutorSummary;
import org.vqforge.launchers.spark.task.TrialCluster;
import org.vqforge.launchers.spark.task.TrialJobFailedException;
import org.vqforge.launchers.spark.task.TrialOutcome;
import org.vqforge.launchers.spark.task.TrialTask;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Spark application of a study: one job of one task per trial, submitted from the study's
 * worker threads (Spark schedules concurrent jobs; {@code spark.task.cpus} slots each). Created
 * reflectively by the launcher inside Spark's class loader.
 */
public final class SparkTrialCluster implements TrialCluster {

    /** How long a cancelled trial's job may take to stop its task. */
    private static final long CANCEL_WAIT_SECONDS = 30;

    private final JavaSparkContext spark;
    private final AtomicLong jobs = new AtomicLong();

    /**
     * Starts the application and, on a cluster, waits until an executor can take a trial.
     *
     * @param conf Spark settings, {@code spark.master} included
     * @param cpusPerTrial {@code spark.task.cpus}, checked against the executors' cores
     * @param executorWaitMillis how long to wait for a fitting executor on a cluster
     * @throws IllegalArgumentException when Spark refuses the settings, or no executor can run a trial
     */
    public SparkTrialCluster(Map<String, String> conf, int cpusPerTrial, long executorWaitMillis) {
        SparkConf sparkConf = new SparkConf(false);
        conf.forEach(sparkConf::set);
        JavaSparkContext context;
        try {
            context = new JavaSparkContext(sparkConf);
        } catch (RuntimeException | ExceptionInInitializerError e) {
            throw new IllegalArgumentException("Spark refused to start (master " + conf.get("spark.master") + "): "
                    + rootMessage(e), e);
        }
        try {
            if (!context.isLocal()) {
                awaitExecutor(context, cpusPerTrial, executorWaitMillis);
            }
        } catch (RuntimeException e) {
            context.stop();
            throw e;
        }
        this.spark = context;
    }

    /**
     * Waits for an executor with at least {@code cpus} cores. Once executors have come but none is
     * big enough, a few seconds more, then the study stops before any trial is started (Spark
     * would wait for ever for a slot that cannot exist).
     */
    private static void awaitExecutor(JavaSparkContext context, int cpus, long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        long tooSmallSince = 0;
        int most = 0;
        while (System.nanoTime() < deadline) {
            List<ExecutorSummary> executors = CollectionConverters.asJava(context.sc().statusStore().executorList(true));
            most = executors.stream().filter(e -> !"driver".equals(e.id())).mapToInt(ExecutorSummary::totalCores).max().orElse(0);
            if (most >= cpus) {
                return;
            }
            if (most > 0 && tooSmallSince == 0) {
                tooSmallSince = System.nanoTime();
            }
            if (tooSmallSince > 0 && System.nanoTime() - tooSmallSince > TimeUnit.SECONDS.toNanos(5)) {
                break;
            }
            sleep(200);
        }
        String master = context.master();
        if (most > 0) {
            throw new IllegalArgumentException("cpusPerTrial " + cpus + " is more than any executor of " + master
                    + " has (at most " + most + " cores): no trial could ever be scheduled; allowed: 1 to " + most);
        }
        throw new IllegalArgumentException("no executor of " + master + " registered within " + waitMillis / 1000
                + " s: does the cluster have a worker with " + cpus + " free core(s) and the executor memory asked for?");
    }

    @Override
    public SubmittedTrial submit(TrialTask task) {
        String group = "vqforge-" + jobs.incrementAndGet() + "-" + task.id();
        spark.setJobGroup(group, "vqforge trial " + task.id(), true);
        try {
            JavaFutureAction<List<TrialOutcome>> job = spark.parallelize(List.of(task), 1).map(new RunTrial()).collectAsync();
            return new Job(spark, group, job);
        } finally {
            spark.clearJobGroup();
        }
    }

    @Override
    public String applicationId() {
        return spark.sc().applicationId();
    }

    @Override
    public void close() {
        spark.stop();
    }

    /** One trial's job. */
    private record Job(JavaSparkContext spark, String group, JavaFutureAction<List<TrialOutcome>> job) implements SubmittedTrial {

        @Override
        public TrialOutcome await() throws InterruptedException, TrialJobFailedException {
            try {
                return job.get().get(0);
            } catch (ExecutionException e) {
                throw new TrialJobFailedException("Spark gave the trial up: " + rootMessage(e.getCause()));
            } catch (CancellationException e) {
                throw new TrialJobFailedException("the trial's Spark job was cancelled");
            }
        }

        @Override
        public void cancel() {
            spark.cancelJobGroup(group);
            try {
                job.get(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | CancellationException | TimeoutException e) {
                // cancelled, as asked (or still stopping: the executor's hook stops the trial's JVM)
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String own = e.getMessage() == null ? e.toString() : e.getMessage();
        return t == e || t.getMessage() == null ? own : own + " (" + t.getMessage() + ")";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for executors", e);
        }
    }
}

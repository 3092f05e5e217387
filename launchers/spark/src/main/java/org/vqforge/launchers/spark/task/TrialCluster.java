package org.vqforge.launchers.spark.task;

/**
 * A running Spark application that takes trials; implemented in the {@code driver} package, which
 * is loaded with Spark's jars. Only JDK types and this package's cross the two class loaders.
 */
public interface TrialCluster extends AutoCloseable {

    /** Submits the trial as a job of one task; returns at once. */
    SubmittedTrial submit(TrialTask task);

    /** Spark's id of the application. */
    String applicationId();

    /** Stops the application (and with it every executor it holds). */
    @Override
    void close();

    /** A submitted trial's job. */
    interface SubmittedTrial {

        /**
         * Blocks until the job ends.
         *
         * @throws TrialJobFailedException when Spark gave the trial up (every attempt lost or killed) or it was cancelled
         */
        TrialOutcome await() throws InterruptedException, TrialJobFailedException;

        /** Cancels the job: Spark interrupts its task, which stops the trial's JVM; waits for that. */
        void cancel();
    }
}

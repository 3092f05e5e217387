package org.vqforge.launchers.spark.task;

import java.io.Serializable;
import java.util.Map;

/**
 * How one attempt of a trial ended on its executor: the Spark task's result.
 *
 * @param exitStatus the trial JVM's exit status
 * @param executorId Spark's id of the executor
 * @param executorHost the executor's host name
 * @param attempt Spark's attempt number of the task: 0 first, 1 after one retry
 * @param startedMillis when this attempt started its JVM (epoch milliseconds)
 * @param endedMillis when that JVM ended
 * @param files the run's small files by name, when the study directory is not shared; empty otherwise
 */
public record TrialOutcome(int exitStatus, String executorId, String executorHost, int attempt, long startedMillis,
        long endedMillis, Map<String, byte[]> files) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Exit statuses above this one mean the JVM was killed by a signal (128 + signal). */
    static final int KILLED_BY_SIGNAL = 128;

    public TrialOutcome {
        files = Map.copyOf(files);
    }

    /**
     * Whether the attempt was killed from outside (OOM killer, a node going down) rather than
     * failing on its own: worth another attempt. A trial that ends with its own exit status (a bad
     * config found on the executor, a loss that became NaN) would fail the same way again.
     */
    public boolean killed() {
        return exitStatus > KILLED_BY_SIGNAL;
    }
}

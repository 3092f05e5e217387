package org.vqforge.launchers.spark.driver;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.vqforge.launchers.spark.task.TrialOutcome;
import org.vqforge.launchers.spark.task.TrialProcess;
import org.vqforge.launchers.spark.task.TrialTask;

/**
 * The body of a trial's task, on its executor. A trial that ends by itself (completed, or failed
 * deterministically) is the task's result, so Spark does not spend retries on it; an attempt whose
 * JVM was killed throws, and Spark runs it again (up to {@code spark.task.maxFailures}), as it
 * does for an attempt lost with its executor.
 */
final class RunTrial implements Function<TrialTask, TrialOutcome> {

    private static final long serialVersionUID = 1L;

    @Override
    public TrialOutcome call(TrialTask task) throws Exception {
        String executor = SparkEnv.get().executorId();
        TrialOutcome outcome = TrialProcess.run(task, TaskContext.get().attemptNumber(), executor);
        if (outcome.killed()) {
            throw new IllegalStateException("trial " + task.id() + " was killed (exit " + outcome.exitStatus()
                    + ") on executor " + executor + " (" + outcome.executorHost() + ")");
        }
        return outcome;
    }
}

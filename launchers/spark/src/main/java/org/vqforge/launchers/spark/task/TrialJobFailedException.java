package org.vqforge.launchers.spark.task;

/** Spark ended a trial's job without a result: every attempt was lost or killed, or it was cancelled. */
public final class TrialJobFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public TrialJobFailedException(String message) {
        super(message);
    }
}

package org.vqforge.runner.train;

/**
 * Observes a training run. Bound as a Guice set, so progress display, metrics files, checkpoints
 * and images are independent listeners and more can be added without touching the loop.
 */
public interface TrainingListener {

    /** Before the first step (of this process; {@code session.startStep()} may be > 0 on resume). */
    default void onStart(TrainingSession session) {}

    /** After each step. */
    default void onStep(TrainingSession session, StepRecord record) {}

    /** After the last step, whether the run finished or stopped. */
    default void onEnd(TrainingSession session, boolean completed) {}
}

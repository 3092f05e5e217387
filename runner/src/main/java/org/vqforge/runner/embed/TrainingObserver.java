package org.vqforge.runner.embed;

/** Watches a training run from the embedding program; called on the training thread. */
@FunctionalInterface
public interface TrainingObserver {

    /** Before the first step of this process: {@code startStep} is above 0 when a run resumes. */
    default void onStart(long startStep, long totalSteps) {}

    /** After each step. */
    void onStep(Progress progress);

    /** After the last step, whether the run finished or stopped. */
    default void onEnd(boolean completed) {}

    /** An observer that ignores everything. */
    static TrainingObserver none() {
        return progress -> { };
    }
}

package org.vqforge.runner.prior;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.model.PriorModel;

/**
 * The test-split evaluation of a run's prior, computed once per training step: the training loop
 * logs it at its last step, and the final report writes the same figures without scoring the test
 * split again.
 */
@Singleton
public final class TestScores {

    private final PriorModel model;
    private final PriorData data;
    private final int batchSize;
    private long scoredAt = -1;
    private PriorEvaluation scores;

    @Inject
    public TestScores(Experiment experiment, PriorModel model, PriorData data) {
        this.model = model;
        this.data = data;
        this.batchSize = experiment.train().evalBatchSize();
    }

    /** The evaluation of the prior as it is after {@code completedSteps} steps. */
    public PriorEvaluation after(long completedSteps) {
        if (completedSteps != scoredAt) {
            scores = PriorEvaluation.of(model, data, batchSize);
            scoredAt = completedSteps;
        }
        return scores;
    }
}

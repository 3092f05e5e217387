package org.vqforge.runner.train;

import java.io.IOException;
import java.nio.file.Path;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.model.TrainableModel;

/** What listeners may see and do during a run. */
public interface TrainingSession {

    Experiment experiment();

    RunDirectory runDirectory();

    TrainableModel model();

    /** The step the run started from: 0, or the checkpoint's step on resume. */
    long startStep();

    long totalSteps();

    /**
     * Puts the weights meant for evaluation into {@link #model()} until the handle is closed: the
     * moving average of the generator's weights when {@code train.emaDecay} > 0, else nothing
     * changes.
     */
    default WeightAverage.Swap evaluationWeights() {
        return () -> { };
    }

    /** Saves a checkpoint of the current state (after the last completed step). */
    Path checkpoint() throws IOException;
}

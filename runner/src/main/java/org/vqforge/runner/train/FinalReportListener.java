package org.vqforge.runner.train;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import org.vqforge.runner.data.TrainingData;
import org.vqforge.runner.eval.EvalReport;
import org.vqforge.runner.eval.EvalResult;
import org.vqforge.runner.eval.Evaluator;
import org.vqforge.runner.eval.Reconstructions;

/**
 * When a run completes: the reconstruction grid and the test-set evaluation, written into the
 * run directory and summarised on the console.
 */
public final class FinalReportListener implements TrainingListener {

    /** Test images shown in the grid. */
    static final int GRID_IMAGES = 32;
    static final int GRID_COLUMNS = 16;

    private final TrainingData data;
    private final PrintStream console;

    @Inject
    public FinalReportListener(TrainingData data) {
        this(data, System.out);
    }

    FinalReportListener(TrainingData data, PrintStream console) {
        this.data = data;
        this.console = console;
    }

    @Override
    public void onEnd(TrainingSession session, boolean completed) {
        if (!completed) {
            return;
        }
        try {
            RunDirectory run = session.runDirectory();
            EvalResult result;
            try (WeightAverage.Swap weights = session.evaluationWeights()) {
                Reconstructions.write(session.model(), data.test(), GRID_IMAGES, GRID_COLUMNS, run.reconstructions());
                result = Evaluator.evaluate(session.model(), data.test(), session.experiment());
            }
            EvalReport.write(result, run.evaluation());
            EvalReport.writeCodes(result, run.codes());
            console.println(EvalReport.text(result));
            console.println("run directory: " + run.root());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.vqforge.runner.train;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import org.vqforge.runner.data.TrainingData;
import org.vqforge.runner.eval.EvalReport;
import org.vqforge.runner.eval.EvalResult;
import org.vqforge.runner.eval.Evaluator;
import org.vqforge.runner.eval.Reconstructions;
import org.vqforge.runner.model.VqModel;

/**
 * A tokenizer's final report: the reconstruction grid and the test-set evaluation (through the
 * weights meant for evaluation), written into the run directory and summarised on the console.
 */
public final class TokenizerReport implements FinalReport {

    /** Test images shown in the grid. */
    static final int GRID_IMAGES = 32;
    static final int GRID_COLUMNS = 16;

    private final TrainingData data;
    private final VqModel model;
    private final PrintStream console;

    @Inject
    public TokenizerReport(TrainingData data, VqModel model) {
        this(data, model, System.out);
    }

    TokenizerReport(TrainingData data, VqModel model, PrintStream console) {
        this.data = data;
        this.model = model;
        this.console = console;
    }

    @Override
    public void write(TrainingSession session) throws IOException {
        RunDirectory run = session.runDirectory();
        EvalResult result;
        try (WeightAverage.Swap weights = session.evaluationWeights()) {
            Reconstructions.write(model, data.test(), GRID_IMAGES, GRID_COLUMNS, run.reconstructions());
            result = Evaluator.evaluate(model, data.test(), session.experiment());
        }
        EvalReport.write(result, run.evaluation());
        EvalReport.writeCodes(result, run.codes());
        console.println(EvalReport.text(result));
        console.println("run directory: " + run.root());
    }
}

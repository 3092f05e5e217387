package org.vqforge.runner.prior;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import org.vqforge.runner.model.PriorModel;
import org.vqforge.runner.train.FinalReport;
import org.vqforge.runner.train.TrainingSession;

/** A prior's final report: its {@link PriorEvaluation} in the run's {@code eval.json} and on the console. */
public final class PriorReport implements FinalReport {

    private final PriorModel model;
    private final PriorData data;
    private final PrintStream console;

    @Inject
    public PriorReport(PriorModel model, PriorData data) {
        this(model, data, System.out);
    }

    PriorReport(PriorModel model, PriorData data, PrintStream console) {
        this.model = model;
        this.data = data;
        this.console = console;
    }

    @Override
    public void write(TrainingSession session) throws IOException {
        PriorEvaluation evaluation = PriorEvaluation.of(model, data, session.experiment().train().evalBatchSize());
        evaluation.write(session.runDirectory().evaluation());
        console.println(evaluation.text());
        console.println("run directory: " + session.runDirectory().root());
    }
}

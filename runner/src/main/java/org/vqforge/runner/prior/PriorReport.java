package org.vqforge.runner.prior;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import org.vqforge.runner.model.PriorModel;
import org.vqforge.runner.tokens.Tokenizer;
import org.vqforge.runner.tokens.Tokens;
import org.vqforge.runner.train.FinalReport;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.train.TrainingSession;

/**
 * A prior's final report: its {@link PriorEvaluation} in the run's {@code eval.json} and on the
 * console, and a grid of drawn images ({@code samples.png}, one row per class).
 */
public final class PriorReport implements FinalReport {

    private final PriorModel model;
    private final PriorData data;
    private final TestScores testScores;
    private final Tokenizer tokenizer;
    private final PrintStream console;

    @Inject
    public PriorReport(PriorModel model, PriorData data, TestScores testScores, Tokenizer tokenizer) {
        this(model, data, testScores, tokenizer, System.out);
    }

    PriorReport(PriorModel model, PriorData data, TestScores testScores, Tokenizer tokenizer, PrintStream console) {
        this.model = model;
        this.data = data;
        this.testScores = testScores;
        this.tokenizer = tokenizer;
        this.console = console;
    }

    @Override
    public void write(TrainingSession session) throws IOException {
        // the loop scored the test split after its last step already, unless no step ran (a finished run resumed)
        PriorEvaluation evaluation = testScores.after(session.totalSteps());
        evaluation.write(session.runDirectory().evaluation());
        console.println(evaluation.text());
        // what vqf sample draws by default: 10 of each class (100 of an unconditional prior), seed 0
        int count = SampleGrid.PER_CLASS * Math.max(1, data.layout().classes());
        Sampling.Result drawn = Sampling.sample(model, Sampling.Options.defaults(count));
        Tokens tokens = SampledTokens.of(drawn, data.layout(), tokenizer);
        SampleGrid.write(session.runDirectory().root().resolve(RunDirectory.SAMPLES),
                tokenizer.decode(tokens, 0, count), count, true, data.layout(), tokenizer.imageShape());
        console.println("run directory: " + session.runDirectory().root());
    }
}

package org.vqforge.runner.cli;

import java.nio.file.Files;
import org.vqforge.runner.embed.TrainedPrior;
import org.vqforge.runner.prior.PriorEvaluation;
import org.vqforge.runner.train.RunDirectory;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vqforge.runner.embed.RunDirectories;
import org.vqforge.runner.eval.EvalReport;
import org.vqforge.runner.eval.EvalResult;
import org.vqforge.runner.eval.Evaluator;
import org.vqforge.runner.eval.FrechetMeasurement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Reports test reconstruction quality of a run's last checkpoint: MSE, PSNR, SSIM, codebook usage, perplexity,",
            "and the Frechet distance of the features of test images and reconstructions (eval.featureNetwork).",
            "For a prior run: the test NLL in bits per token beside the unigram entropy of its training tokens."})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Option(names = "--json", description = "print one JSON object (keys mse, psnr, ssim, usage, perplexity, ...)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (Runs.isPrior(runDir, spec.commandLine().getErr())) {
            return evaluatePrior();
        }
        RunDirectories.Restored trained = Runs.lastCheckpoint(runDir, spec.commandLine().getErr());
        FrechetMeasurement.check(trained.experiment(), trained.run().config());
        EvalResult result = Evaluator.evaluate(trained.model(), trained.data().test(), trained.experiment());
        EvalReport.write(result, trained.run().evaluation());
        spec.commandLine().getOut().println(json ? EvalReport.json(result).toString() : EvalReport.text(result));
        return 0;
    }

    /** A prior: its test NLL beside the unigram entropy of its training tokens. */
    private int evaluatePrior() throws Exception {
        try (TrainedPrior prior = TrainedPrior.open(runDir, Runs.discover(spec.commandLine().getErr()))) {
            PriorEvaluation evaluation = prior.evaluate();
            evaluation.write(prior.directory().resolve(RunDirectory.EVALUATION));
            spec.commandLine().getOut().println(json ? Files.readString(prior.directory().resolve(
                    RunDirectory.EVALUATION)).strip() : evaluation.text());
        }
        return 0;
    }
}

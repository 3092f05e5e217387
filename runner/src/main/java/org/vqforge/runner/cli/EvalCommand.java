package org.vqforge.runner.cli;

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
            "and the Frechet distance of the features of test images and reconstructions (eval.featureNetwork)."})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Option(names = "--json", description = "print one JSON object (keys mse, psnr, ssim, usage, perplexity, ...)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RunDirectories.Restored trained = Runs.lastCheckpoint(runDir, spec.commandLine().getErr());
        FrechetMeasurement.check(trained.experiment(), trained.run().config());
        EvalResult result = Evaluator.evaluate(trained.model(), trained.data().test(), trained.experiment());
        EvalReport.write(result, trained.run().evaluation());
        spec.commandLine().getOut().println(json ? EvalReport.json(result).toString() : EvalReport.text(result));
        return 0;
    }
}

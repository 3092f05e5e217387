package org.vqforge.runner.cli;

import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.eval.EvalReport;
import org.vqforge.runner.eval.EvalResult;
import org.vqforge.runner.eval.Evaluator;
import org.vqforge.runner.model.VqModel;
import org.vqforge.runner.train.Checkpoints;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.train.TrainingData;
import org.vqforge.runner.wiring.RunnerModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Reports test reconstruction quality of a run's last checkpoint: MSE, PSNR, SSIM, codebook usage, perplexity.")
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Option(names = "--json", description = "print one JSON object (keys mse, psnr, ssim, usage, perplexity, ...)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Plugins plugins = Runs.discover(spec.commandLine().getErr());
        RunDirectory run = new RunDirectory(runDir);
        Experiment experiment = Runs.stored(plugins, run);
        Path checkpoint = run.latestCheckpoint().orElseThrow(() ->
                new UserInputException(run.root() + " has no complete checkpoint to evaluate"));
        Injector injector = Runs.injector(plugins, experiment, run, Runs.sha256(run.config()), RunnerModule.Listeners.NONE);
        VqModel model = injector.getInstance(VqModel.class);
        Checkpoints.load(checkpoint, model, null, model.manager());
        EvalResult result = Evaluator.evaluate(model, injector.getInstance(TrainingData.class).test(),
                experiment.train().evalBatchSize());
        EvalReport.write(result, run.evaluation());
        spec.commandLine().getOut().println(json ? EvalReport.json(result).toString() : EvalReport.text(result));
        return 0;
    }
}

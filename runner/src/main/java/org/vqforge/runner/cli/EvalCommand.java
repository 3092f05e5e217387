package org.vqforge.runner.cli;

import com.google.gson.JsonObject;
import org.vqforge.runner.prior.SampleQuality;
import org.vqforge.runner.prior.Sampling;
import org.vqforge.runner.embed.TrainedPrior;
import org.vqforge.runner.prior.PriorEvaluation;
import org.vqforge.runner.train.RunDirectory;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vqforge.runner.discovery.Plugins;
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
        // discovered once: discovery reports plugin-path problems, which would otherwise print twice
        Plugins plugins = Runs.discover(spec.commandLine().getErr());
        if (Runs.isPrior(runDir, plugins)) {
            return evaluatePrior(plugins);
        }
        RunDirectories.Restored trained = RunDirectories.restoreLast(plugins, runDir);
        FrechetMeasurement.check(trained.experiment(), trained.run().config());
        EvalResult result = Evaluator.evaluate(trained.model(), trained.data().test(), trained.experiment());
        EvalReport.write(result, trained.run().evaluation());
        spec.commandLine().getOut().println(json ? EvalReport.json(result).toString() : EvalReport.text(result));
        return 0;
    }

    @Option(names = "--samples", paramLabel = "N", defaultValue = "0",
            description = "a prior run: also draw N images (the classes in turn) and measure them through the feature network")
    int samples;

    @Option(names = "--cfg-scale", paramLabel = "S", defaultValue = "1.0",
            description = "a prior run with --samples: the classifier-free guidance scale (default: ${DEFAULT-VALUE}, none)")
    double cfgScale;

    /**
     * A prior: its test NLL beside the unigram entropy of its training tokens; with {@code
     * --samples}, the Fréchet distance of drawn images to the test images and the class accuracy.
     */
    private int evaluatePrior(Plugins plugins) throws Exception {
        Sampling.Options options = null;
        if (samples != 0 || cfgScale != 1.0) {
            try {
                options = new Sampling.Options(samples, 1.0, 0, 1.0, -1, cfgScale, 0, true, Sampling.Options.BATCH);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage().replace("--count", "--samples"));
            }
        }
        try (TrainedPrior prior = TrainedPrior.open(runDir, plugins)) {
            PriorEvaluation evaluation = prior.evaluate();
            JsonObject figures = evaluation.json();
            String text = evaluation.text();
            if (options != null) {
                SampleQuality quality = prior.evaluateSamples(options);
                figures.addProperty("samples", quality.samples());
                figures.addProperty("cfg_scale", cfgScale);
                figures.addProperty("sample_frechet", quality.frechet());
                figures.addProperty("class_accuracy", quality.classAccuracy());
                SampleQuality unigram = prior.evaluateUnigramBaseline(samples, 0);
                figures.addProperty("unigram_frechet", unigram.frechet());
                figures.addProperty("unigram_class_accuracy", unigram.classAccuracy());
                text += String.format(java.util.Locale.ROOT, "%n%d samples (cfg scale %.2f): Frechet distance to the "
                        + "test images %.3f, class accuracy %.1f%%", quality.samples(), cfgScale, quality.frechet(),
                        100 * quality.classAccuracy()) + String.format(java.util.Locale.ROOT, "%nthe same number "
                        + "of unigram draws (codes independent of each other): Frechet distance %.3f", unigram.frechet());
            }
            PriorEvaluation.write(prior.directory().resolve(RunDirectory.EVALUATION), figures);
            spec.commandLine().getOut().println(json ? figures.toString() : text);
        }
        return 0;
    }
}

package org.vqforge.runner.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vqforge.runner.embed.TrainedPrior;
import org.vqforge.runner.prior.SampleGrid;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.prior.Sampling;
import org.vqforge.runner.tokens.TokenFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Draws new images from a prior run: token sequences from the prior's last checkpoint, decoded by its",
            "tokenizer, written as a PNG grid (one row per class unless --class is given). The same seed gives the same images."})
final class SampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PRIOR_RUN")
    Path runDir;

    @Option(names = "--count", paramLabel = "N", defaultValue = "100", description = "images to draw (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0", description = "divides the logits (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "keep the K most likely codes; 0 for all (default)")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0", description = "nucleus: keep the most likely codes up to probability P, in (0, 1] (default: ${DEFAULT-VALUE})")
    double topP;

    @Option(names = "--class", paramLabel = "C", defaultValue = "-1", description = "draw class C only; default: the classes in turn, one grid row each when N is a multiple of the classes")
    int label;

    @Option(names = "--cfg-scale", paramLabel = "S", defaultValue = "1.0", description = "classifier-free guidance scale; 1 for none (default: ${DEFAULT-VALUE})")
    double cfgScale;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seeds the draws (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--no-cache", description = "recompute every prefix instead of the prior's cache (same tokens, slower)")
    boolean noCache;

    @Option(names = "--out", paramLabel = "PNG", description = "PNG grid (default: PRIOR_RUN/samples.png)")
    Path out;

    @Option(names = "--tokens", paramLabel = "FILE", description = "also write the drawn codes as a token file")
    Path tokensFile;

    @Override
    public Integer call() throws Exception {
        Sampling.Options options;
        try {
            options = new Sampling.Options(count, temperature, topK, topP, label, cfgScale, seed, !noCache, Sampling.Options.BATCH);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        try (TrainedPrior prior = TrainedPrior.open(runDir, Runs.discover(spec.commandLine().getErr()))) {
            Sampling.Result drawn;
            try {
                drawn = prior.sample(options);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage());
            }
            float[] images = prior.decode(drawn);
            Path file = out != null ? out : runDir.resolve(RunDirectory.SAMPLES);
            SampleGrid.write(file, images, count, label < 0, prior.layout(), prior.imageShape());
            if (tokensFile != null) {
                TokenFiles.write(tokensFile, prior.tokens(drawn));
            }
            long tokens = (long) count * prior.layout().length();
            spec.commandLine().getErr().println(String.format(Locale.ROOT, "sample: %d images, %d tokens in %.1f s "
                    + "(%.0f tokens/s, %s)", count, tokens, drawn.seconds(), tokens / drawn.seconds(),
                    noCache ? "no cache" : "cached"));
            spec.commandLine().getOut().println(file.toAbsolutePath());
        }
        return 0;
    }
}

package org.vqforge.runner.cli;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vqforge.runner.embed.TrainedPrior;
import org.vqforge.runner.eval.ImageGrid;
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
            options = new Sampling.Options(count, temperature, topK, topP, label, cfgScale, seed, !noCache, 250);
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
            Shape image = prior.imageShape();
            int classes = prior.layout().classes();
            boolean byClass = label < 0 && prior.layout().conditional() && count % classes == 0;
            int columns = byClass ? count / classes : Math.min(count, 10);
            Path file = out != null ? out : runDir.resolve("samples.png");
            ImageGrid.write(file, byClass ? oneRowPerClass(images, count, classes, (int) image.size()) : images, count,
                    columns, (int) image.get(0), (int) image.get(1), (int) image.get(2));
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

    /** Sample i has class i mod classes: reorders them so that row c of the grid holds class c. */
    static float[] oneRowPerClass(float[] images, int count, int classes, int size) {
        int perRow = count / classes;
        float[] placed = new float[images.length];
        for (int i = 0; i < count; i++) {
            System.arraycopy(images, i * size, placed, ((i % classes) * perRow + i / classes) * size, size);
        }
        return placed;
    }
}

package org.vqforge.runner.embed;

import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import com.google.inject.Injector;
import java.nio.file.Files;
import java.util.SplittableRandom;
import org.vqforge.features.FeatureNetwork;
import org.vqforge.features.FeatureNetworkException;
import org.vqforge.runner.eval.FeatureNetworks;
import java.io.IOException;
import java.nio.file.Path;
import org.vqforge.api.prior.TokenLayout;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.model.PriorModel;
import org.vqforge.runner.prior.PriorData;
import org.vqforge.runner.prior.PriorEvaluation;
import org.vqforge.runner.prior.SampleQuality;
import org.vqforge.runner.prior.SampledTokens;
import org.vqforge.runner.prior.Sampling;
import org.vqforge.runner.prior.TokenSequences;
import org.vqforge.runner.prior.TokenizerRecord;
import org.vqforge.runner.recipe.PriorRecipe;
import org.vqforge.runner.tokens.Tokenizer;
import org.vqforge.runner.tokens.Tokens;
import org.vqforge.runner.train.Checkpoints;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.wiring.RunnerModule;

/**
 * A trained prior (a run of {@code model.type: prior}) restored from its last complete checkpoint,
 * with the tokenizer it was trained on: draws token sequences and decodes them into images, and
 * scores the test split.
 *
 * <pre>{@code
 * try (TrainedPrior prior = TrainedPrior.open(Path.of("runs/prior-fashion-mnist"))) {
 *     Sampling.Result drawn = prior.sample(new Sampling.Options(20, 1.0, 0, 0.9, 3, 2.0, 7, true, Sampling.Options.BATCH));
 *     float[] images = prior.decode(drawn);   // (20, 1, 28, 28) in [0, 1]
 * }
 * }</pre>
 */
public final class TrainedPrior implements AutoCloseable {

    /** The {@code model.type} of a prior. */
    public static final String TYPE = PriorRecipe.NAME;

    private final Experiment experiment;
    private final RunDirectory run;
    private final Injector injector;
    private final PriorModel model;
    private final Tokenizer tokenizer;

    private TrainedPrior(Experiment experiment, RunDirectory run, Injector injector) {
        this.experiment = experiment;
        this.run = run;
        this.injector = injector;
        this.model = injector.getInstance(PriorModel.class);
        this.tokenizer = injector.getInstance(Tokenizer.class);
    }

    public static TrainedPrior open(Path runDir) throws IOException {
        return open(runDir, Plugins.discover());
    }

    /**
     * @throws RunDirectoryException when {@code runDir} holds no prior run or no complete checkpoint
     * @throws org.vqforge.runner.tokens.TokenFileException when its tokenizer changed since it was trained
     */
    public static TrainedPrior open(Path runDir, Plugins plugins) throws IOException {
        RunDirectory run = new RunDirectory(runDir);
        Experiment experiment = RunDirectories.stored(plugins, run);
        if (!experiment.type().equals(TYPE)) {
            throw new RunDirectoryException(run.root() + " is a " + experiment.type() + " run, not a prior "
                    + "(model.type: prior)");
        }
        Path checkpoint = RunDirectories.lastCheckpoint(run);
        TrainedPrior prior = new TrainedPrior(experiment, run,
                RunDirectories.injector(plugins, experiment, run, RunnerModule.Listeners.NONE));
        try {
            TokenizerRecord.check(run.root(), prior.tokenizer.tokenizer());
            Checkpoints.load(checkpoint, prior.model, null, prior.model.manager());
        } catch (IOException | RuntimeException e) {
            prior.close();
            throw e;
        }
        return prior;
    }

    public Path directory() {
        return run.root();
    }

    public Experiment experiment() {
        return experiment;
    }

    /** The sequences it models: grid, planes, codebook, classes. */
    public TokenLayout layout() {
        return model.layout();
    }

    /** One image's shape (channels, height, width). */
    public Shape imageShape() {
        return tokenizer.imageShape();
    }

    /** Test NLL beside the training tokens' unigram entropy (encodes both splits first). */
    public PriorEvaluation evaluate() {
        return PriorEvaluation.of(model, injector.getInstance(PriorData.class), experiment.train().evalBatchSize());
    }

    /**
     * Draws {@code options.count()} images and measures them through the experiment's feature network
     * ({@code eval.featureNetwork}, or the default one): Fréchet distance to the test images and
     * the accuracy of the network's classifier on the classes they were drawn for.
     *
     * @throws org.vqforge.features.FeatureNetworkException naming the file when there is no usable network
     */
    public SampleQuality evaluateSamples(Sampling.Options options) {
        return measure(sample(options));
    }

    /**
     * The baseline a prior must beat: {@code count} sequences whose codes are drawn independently
     * from the training tokens' unigram distribution, decoded and measured as {@link #evaluateSamples}
     * measures a prior's (the classes in turn).
     */
    public SampleQuality evaluateUnigramBaseline(int count, long seed) {
        TokenSequences train = injector.getInstance(PriorData.class).train();
        TokenLayout layout = layout();
        int[] tokens = train.unigramDraws(count * layout.length(), layout.codebookSize(), new SplittableRandom(seed));
        int[] classes = new int[count];
        for (int i = 0; i < count; i++) {
            classes[i] = layout.conditional() ? i % layout.classes() : layout.noClass();
        }
        return measure(new Sampling.Result(tokens, classes, 0));
    }

    private SampleQuality measure(Sampling.Result drawn) {
        Path file = FeatureNetworks.of(experiment.eval());
        if (!Files.isRegularFile(file)) {
            throw new FeatureNetworkException("no feature network at " + file + " to measure samples with; create it "
                    + "with " + FeatureNetworks.CREATE_COMMAND + ", or name one in eval.featureNetwork");
        }
        float[] images = decode(drawn);
        try (NDManager manager = NDManager.newBaseManager(); FeatureNetwork network = FeatureNetwork.load(file, manager)) {
            return SampleQuality.measure(images, drawn.classes(), tokenizer::testImages, tokenizer.testImageCount(),
                    imageShape(), network, manager);
        }
    }

    /** Draws sequences; see {@link Sampling}. */
    public Sampling.Result sample(Sampling.Options options) {
        return Sampling.sample(model, options);
    }

    /** Drawn sequences as a token file's content (split {@code sampled}), which its tokenizer decodes. */
    public Tokens tokens(Sampling.Result drawn) {
        return SampledTokens.of(drawn, layout(), tokenizer);
    }

    /** The images of drawn sequences: (count, channels, height, width) in [0, 1]. */
    public float[] decode(Sampling.Result drawn) {
        Tokens tokens = tokens(drawn);
        return tokenizer.decode(tokens, 0, tokens.header().count());
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}

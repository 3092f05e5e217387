package org.vqforge.runner.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.Batches;
import org.vqforge.runner.data.DataLoader;
import org.vqforge.runner.data.DatasetLocator;
import org.vqforge.runner.data.ImageSet;
import org.vqforge.runner.data.Labels;
import org.vqforge.runner.data.TrainingData;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.eval.EvalResult;
import org.vqforge.runner.eval.Evaluator;
import org.vqforge.runner.model.VqModel;
import org.vqforge.runner.tokens.Split;
import org.vqforge.runner.tokens.TokenCodec;
import org.vqforge.runner.tokens.TokenFileException;
import org.vqforge.runner.tokens.TokenFiles;
import org.vqforge.runner.tokens.TokenHeader;
import org.vqforge.runner.tokens.Tokenizer;
import org.vqforge.runner.tokens.Tokens;
import org.vqforge.runner.train.Checkpoints;
import org.vqforge.runner.train.RunDirectory;

/** A run directory's model, restored from its last complete checkpoint. Close it to free the engine's memory. */
public final class TrainedRun implements Tokenizer {

    private final Experiment experiment;
    private final RunDirectory run;
    private final VqModel model;
    private final TrainingData data;
    private final Checkpoints.Metadata checkpoint;

    private TrainedRun(Experiment experiment, RunDirectory run, VqModel model, TrainingData data,
            Checkpoints.Metadata checkpoint) {
        this.experiment = experiment;
        this.run = run;
        this.model = model;
        this.data = data;
        this.checkpoint = checkpoint;
    }

    /**
     * Restores the last complete checkpoint of the run in {@code runDir}, whoever trained it.
     *
     * @throws RunDirectoryException when it is not a run directory or has no complete checkpoint
     */
    public static TrainedRun open(Path runDir) throws IOException {
        return open(runDir, Plugins.discover());
    }

    /** As {@link #open(Path)}, with the plugins found already (the command line's, after checking VQF_PLUGINS). */
    public static TrainedRun open(Path runDir, Plugins plugins) throws IOException {
        RunDirectories.Restored r = RunDirectories.restoreLast(plugins, runDir);
        return new TrainedRun(r.experiment(), r.run(), r.model(), r.data(), r.checkpoint());
    }

    /** The run directory. */
    public Path directory() {
        return run.root();
    }

    /** The shape of one image, (channels, height, width), as {@link #reconstruct} takes it. */
    @Override
    public Shape imageShape() {
        return new Shape(experiment.shapes().imageChannels(), experiment.shapes().imageHeight(),
                experiment.shapes().imageWidth());
    }

    /** Evaluates the model on the run's whole test set, as {@code vqf eval} does (nothing is written). */
    public Evaluation evaluate() {
        EvalResult r = Evaluator.evaluate(model, data.test(), experiment);
        return new Evaluation(r.images(), r.mse(), r.psnr(), r.ssim(), r.usage(), r.perplexity(),
                r.frechet().measured() ? OptionalDouble.of(r.frechet().distance()) : OptionalDouble.empty());
    }

    /** The number of images in the run's test set. */
    @Override
    public int testImageCount() {
        return data.test().count();
    }

    /** Test images {@code from} to {@code from + count - 1} of the run's data, as pixels in [0, 1], (count, channels, height, width). */
    @Override
    public float[] testImages(int from, int count) {
        if (from < 0 || count < 1 || from + count > data.test().count()) {
            throw new IllegalArgumentException("test images " + from + " to " + (from + count - 1) + " are not all in [0, "
                    + data.test().count() + ")");
        }
        try (NDManager scratch = model.manager().newSubManager()) {
            return Batches.range(data.test(), from, count, scratch).toFloatArray();
        }
    }

    /**
     * Reconstructs {@code count} images given as pixels in [0, 1], (count, channels, height, width)
     * in row-major order; returns the reconstructions in the same layout, clamped to [0, 1].
     *
     * @throws IllegalArgumentException when the pixel count does not match {@link #imageShape()}
     */
    public float[] reconstruct(float[] images, int count) {
        Shape one = imageShape();
        if (count < 1 || images.length != count * one.size()) {
            throw new IllegalArgumentException("expected " + count + " images of " + one + " (" + count * one.size()
                    + " values), got " + images.length + " values");
        }
        try (NDManager scratch = model.manager().newSubManager()) {
            NDArray batch = scratch.create(images, new Shape(count, one.get(0), one.get(1), one.get(2)));
            return model.forward(batch, StepInfo.evaluation()).reconstruction().clip(0f, 1f).toFloatArray();
        }
    }

    /**
     * This run as a tokenizer: its directory, and the config hash and step that its last checkpoint
     * records, which identify the encoder, quantizer and decoder that token files are made with.
     */
    @Override
    public TokenHeader.Tokenizer tokenizer() {
        return new TokenHeader.Tokenizer(run.root().toString(), checkpoint.configHash(), checkpoint.step(),
                experiment.model().quantizer().type());
    }

    /**
     * The code indices of every image of the run's {@code split} (as many as its config's limits
     * keep), with the labels where the dataset has them (the IDX datasets' label files), through
     * the encoder and quantizer in evaluation mode. Write them with {@link TokenFiles#write}.
     *
     * @throws org.vqforge.runner.data.DataException when the label file is damaged or does not
     *     match the images
     */
    @Override
    public Tokens encode(Split split) {
        return TokenCodec.encode(model, images(split), labels(split), experiment.train().evalBatchSize(), tokenizer(),
                experiment.data().dataset(), split);
    }

    @Override
    public TokenHeader header(Split split) {
        Labels labels = labels(split);
        return TokenCodec.header(model, images(split).count(), labels == null ? 0 : labels.classes(), tokenizer(),
                experiment.data().dataset(), split);
    }

    private ImageSet images(Split split) {
        if (!Split.DATASET.contains(split)) {
            throw new IllegalArgumentException(split.label() + " tokens have no images to encode");
        }
        return split == Split.TRAIN ? data.train() : data.test();
    }

    private Labels labels(Split split) {
        return DataLoader.labels(experiment.data(), new DatasetLocator(), split == Split.TRAIN).orElse(null);
    }

    /**
     * Reads a token file and checks that this run's tokenizer made it.
     *
     * @throws TokenFileException naming the file when it cannot be read or another tokenizer (another
     *     config, another checkpoint) made it
     */
    @Override
    public Tokens readTokens(Path file) {
        Tokens tokens = TokenFiles.read(file);
        requireMadeHere(tokens.header(), file.toString());
        return tokens;
    }

    /** Decodes every image of {@code tokens}; see {@link #decode(Tokens, int, int)}. */
    public float[] decode(Tokens tokens) {
        return decode(tokens, 0, tokens.header().count());
    }

    /**
     * Turns images {@code [from, from + count)} of {@code tokens} back into pixels through the
     * quantizer's lookup and the decoder: (count, channels, height, width) in row-major order,
     * clamped to [0, 1] like {@link #reconstruct}.
     *
     * @throws TokenFileException when this run's tokenizer did not make {@code tokens}
     * @throws IllegalArgumentException when the range is not in the tokens
     */
    @Override
    public float[] decode(Tokens tokens, int from, int count) {
        requireMadeHere(tokens.header(), "tokens");
        return TokenCodec.decode(model, tokens, from, count, experiment.train().evalBatchSize());
    }

    /** Indices only mean something to the tokenizer that chose them: the same config and checkpoint. */
    private void requireMadeHere(TokenHeader header, String source) {
        TokenHeader.Tokenizer made = header.tokenizer();
        TokenHeader.Tokenizer here = tokenizer();
        if (!made.sameAs(here)) {
            throw new TokenFileException(source + ": made by the tokenizer of config hash " + made.configHash()
                    + " at checkpoint step " + made.checkpointStep() + " (run " + made.run() + "), but " + run.root()
                    + " is config hash " + here.configHash() + " at step " + here.checkpointStep()
                    + "; encode again with: vqf encode " + run.root());
        }
        TokenHeader expected = TokenCodec.header(model, header.count(), header.classes(), here, header.dataset(),
                header.split());
        if (header.height() != expected.height() || header.width() != expected.width()
                || header.planes() != expected.planes() || header.codebookSize() != expected.codebookSize()) {
            throw new TokenFileException(source + ": " + header.height() + "x" + header.width() + "x"
                    + header.planes() + " indices of " + header.codebookSize() + " codes per image, but " + run.root()
                    + " makes " + expected.height() + "x" + expected.width() + "x" + expected.planes() + " of "
                    + expected.codebookSize());
        }
    }

    @Override
    public void close() {
        model.close();
    }
}

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
import org.vqforge.runner.data.TrainingData;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.eval.EvalResult;
import org.vqforge.runner.eval.Evaluator;
import org.vqforge.runner.model.VqModel;
import org.vqforge.runner.train.RunDirectory;

/** A run directory's model, restored from its last complete checkpoint. Close it to free the engine's memory. */
public final class TrainedRun implements AutoCloseable {

    private final Experiment experiment;
    private final RunDirectory run;
    private final VqModel model;
    private final TrainingData data;

    private TrainedRun(Experiment experiment, RunDirectory run, VqModel model, TrainingData data) {
        this.experiment = experiment;
        this.run = run;
        this.model = model;
        this.data = data;
    }

    /**
     * Restores the last complete checkpoint of the run in {@code runDir}, whoever trained it.
     *
     * @throws RunDirectoryException when it is not a run directory or has no complete checkpoint
     */
    public static TrainedRun open(Path runDir) throws IOException {
        RunDirectories.Restored r = RunDirectories.restoreLast(Plugins.discover(), runDir);
        return new TrainedRun(r.experiment(), r.run(), r.model(), r.data());
    }

    /** The run directory. */
    public Path directory() {
        return run.root();
    }

    /** The shape of one image, (channels, height, width), as {@link #reconstruct} takes it. */
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
    public int testImageCount() {
        return data.test().count();
    }

    /** Test images {@code from} to {@code from + count - 1} of the run's data, as pixels in [0, 1], (count, channels, height, width). */
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

    @Override
    public void close() {
        model.close();
    }
}

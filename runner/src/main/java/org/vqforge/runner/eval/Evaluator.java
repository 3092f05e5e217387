package org.vqforge.runner.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.vqforge.api.quantizer.CodeUsage;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.Batches;
import org.vqforge.runner.data.ImageSet;
import org.vqforge.runner.model.ModelOutput;
import org.vqforge.runner.model.VqModel;

/**
 * Measures a model's reconstructions of a test set: MSE, PSNR, SSIM, codebook usage, perplexity
 * and the Fréchet distance of their features.
 */
public final class Evaluator {

    private Evaluator() {}

    /**
     * Evaluates on every image of {@code test} as {@code experiment} says: its evaluation batch size,
     * its feature network for the Fréchet distance.
     *
     * @throws org.vqforge.features.FeatureNetworkException when the feature network it names
     *     cannot be used
     */
    public static EvalResult evaluate(VqModel model, ImageSet test, Experiment experiment) {
        try (FrechetMeasurement frechet = FrechetMeasurement.open(experiment.eval(), experiment.shapes(),
                model.manager())) {
            return evaluate(model, test, experiment.train().evalBatchSize(), frechet);
        }
    }

    /** Evaluates on every image of {@code test}, {@code batchSize} at a time, measuring the features with {@code frechet}. */
    public static EvalResult evaluate(VqModel model, ImageSet test, int batchSize, FrechetMeasurement frechet) {
        CodeUsage usage = new CodeUsage(model.quantizer().codebookSize());
        double squaredError = 0;
        double ssimSum = 0;
        int plane = test.height() * test.width();
        for (int from = 0; from < test.count(); from += batchSize) {
            int n = Math.min(batchSize, test.count() - from);
            try (NDManager batch = model.manager().newSubManager()) {
                NDArray images = Batches.range(test, from, n, batch);
                ModelOutput out = model.forward(images, StepInfo.evaluation());
                float[] x = images.toFloatArray();
                NDArray reconstructed = out.reconstruction().clip(0f, 1f);
                float[] y = reconstructed.toFloatArray();
                frechet.add(images, reconstructed);
                for (int i = 0; i < x.length; i++) {
                    double d = (double) x[i] - y[i];
                    squaredError += d * d;
                }
                for (int p = 0; p < n * test.channels(); p++) {
                    ssimSum += Ssim.of(x, y, p * plane, test.height(), test.width());
                }
                usage.add(out.quantizer().indices());
            }
        }
        double mse = squaredError / ((double) test.count() * test.imageSize());
        return new EvalResult(test.count(), mse, EvalResult.psnr(mse), ssimSum / ((double) test.count() * test.channels()),
                usage.usage(), usage.perplexity(), usage.codesUsed(), model.quantizer().codebookSize(),
                frechet.result(), usage.counts());
    }
}

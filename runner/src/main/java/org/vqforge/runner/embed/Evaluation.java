package org.vqforge.runner.embed;

import java.util.OptionalDouble;

/**
 * Reconstruction quality of a run on its test set, as {@code eval.json} holds it.
 *
 * @param images test images evaluated
 * @param mse mean squared error per pixel (reconstructions clamped to [0, 1])
 * @param psnr 10 log10(1 / mse), in dB
 * @param ssim mean structural similarity
 * @param usage fraction of the codes chosen at least once
 * @param perplexity exp of the entropy of the code distribution
 * @param frechet the Fréchet distance through the run's feature network; empty when it was skipped
 *     (no feature network file)
 */
public record Evaluation(int images, double mse, double psnr, double ssim, double usage, double perplexity,
        OptionalDouble frechet) {}

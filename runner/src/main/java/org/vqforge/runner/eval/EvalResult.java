package org.vqforge.runner.eval;

/**
 * Reconstruction quality on a test set. Reconstructions are clamped to [0, 1] first, as images.
 *
 * @param images number of test images
 * @param mse mean squared error per pixel
 * @param psnr 10 log10(1 / mse), in dB
 * @param ssim mean structural similarity
 * @param usage fraction of codes chosen at least once
 * @param perplexity exp of the entropy of the code distribution
 * @param codesUsed codes chosen at least once
 * @param codebookSize codes available
 * @param frechet the Fréchet distance between the feature statistics of the test images and of
 *     their reconstructions, or why it was skipped
 * @param codeCounts how often each code was chosen, index by index
 */
public record EvalResult(
        int images, double mse, double psnr, double ssim, double usage, double perplexity, int codesUsed,
        int codebookSize, FrechetResult frechet, long[] codeCounts) {

    /** PSNR of a mean squared error, for data in [0, 1]. */
    public static double psnr(double mse) {
        return 10 * Math.log10(1.0 / mse);
    }
}

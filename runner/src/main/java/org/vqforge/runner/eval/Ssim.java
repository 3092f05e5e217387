package org.vqforge.runner.eval;

/**
 * Structural similarity (Wang et al. 2004) as in their reference implementation: an 11x11
 * Gaussian window with sigma 1.5, K1 = 0.01, K2 = 0.03, the 'valid' part of the filtered maps,
 * averaged. Pixel values in [0, 1] (data range 1). The window is separable, so it is applied as
 * two 1-D passes.
 */
public final class Ssim {

    static final int WINDOW = 11;
    static final double SIGMA = 1.5;
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;
    private static final double[] KERNEL = gaussian(WINDOW, SIGMA);

    private Ssim() {}

    /** The normalised 1-D Gaussian kernel. */
    static double[] gaussian(int size, double sigma) {
        double[] k = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double d = i - (size - 1) / 2.0;
            k[i] = Math.exp(-d * d / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < size; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /**
     * SSIM of one single-channel image pair stored at {@code offset} in row-major arrays.
     *
     * @throws IllegalArgumentException when the image is smaller than the window
     */
    public static double of(float[] x, float[] y, int offset, int height, int width) {
        if (height < WINDOW || width < WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW);
        }
        int outH = height - WINDOW + 1;
        int outW = width - WINDOW + 1;
        double[] mx = new double[outH * outW];
        double[] my = new double[outH * outW];
        double[] xx = new double[outH * outW];
        double[] yy = new double[outH * outW];
        double[] xy = new double[outH * outW];
        // horizontal pass over every row, then vertical pass over the valid rows
        double[][] rows = new double[5][height * outW];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < outW; c++) {
                double a = 0, b = 0, aa = 0, bb = 0, ab = 0;
                for (int k = 0; k < WINDOW; k++) {
                    double w = KERNEL[k];
                    double px = x[offset + r * width + c + k];
                    double py = y[offset + r * width + c + k];
                    a += w * px;
                    b += w * py;
                    aa += w * px * px;
                    bb += w * py * py;
                    ab += w * px * py;
                }
                int i = r * outW + c;
                rows[0][i] = a;
                rows[1][i] = b;
                rows[2][i] = aa;
                rows[3][i] = bb;
                rows[4][i] = ab;
            }
        }
        double total = 0;
        for (int r = 0; r < outH; r++) {
            for (int c = 0; c < outW; c++) {
                double a = 0, b = 0, aa = 0, bb = 0, ab = 0;
                for (int k = 0; k < WINDOW; k++) {
                    double w = KERNEL[k];
                    int i = (r + k) * outW + c;
                    a += w * rows[0][i];
                    b += w * rows[1][i];
                    aa += w * rows[2][i];
                    bb += w * rows[3][i];
                    ab += w * rows[4][i];
                }
                double varX = aa - a * a;
                double varY = bb - b * b;
                double cov = ab - a * b;
                total += ((2 * a * b + C1) * (2 * cov + C2)) / ((a * a + b * b + C1) * (varX + varY + C2));
            }
        }
        return total / (outH * outW);
    }
}

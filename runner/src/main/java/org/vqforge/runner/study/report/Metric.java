package org.vqforge.runner.study.report;

import java.util.List;

/**
 * A column of the study's tables and a bar chart of the report.
 *
 * @param key the CSV column
 * @param title how people read it
 * @param format how one value is printed
 * @param higherIsBetter which end is best
 */
public record Metric(String key, String title, String format, boolean higherIsBetter) {

    public static final Metric PSNR = new Metric("psnr", "PSNR (dB)", "%.2f", true);
    public static final Metric SSIM = new Metric("ssim", "SSIM", "%.4f", true);
    public static final Metric USAGE = new Metric("usage", "codebook usage", "%.3f", true);
    public static final Metric PERPLEXITY = new Metric("perplexity", "perplexity", "%.1f", true);
    public static final Metric FINAL_LOSS = new Metric("final_loss", "final loss", "%.5f", false);
    /** The reconstruction term alone: comparable across quantizers, whose own loss terms differ in kind and sign. */
    public static final Metric FINAL_RECONSTRUCTION_LOSS = new Metric("final_reconstruction_loss", "final rec. loss", "%.5f", false);
    public static final Metric IMAGES_PER_S = new Metric("images_per_s", "images/s", "%.0f", true);
    public static final Metric WALL_S = new Metric("wall_s", "wall time (s)", "%.1f", false);

    /** Every metric, in table order. */
    public static final List<Metric> ALL = List.of(PSNR, SSIM, USAGE, PERPLEXITY, FINAL_LOSS, FINAL_RECONSTRUCTION_LOSS, IMAGES_PER_S,
            WALL_S);

    /** Whether {@code a} is better than {@code b}. */
    public boolean better(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }

    public String format(double value) {
        return Double.isFinite(value) ? String.format(format, value) : "";
    }
}

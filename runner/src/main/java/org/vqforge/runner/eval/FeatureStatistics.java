package org.vqforge.runner.eval;

/**
 * The mean and covariance of feature vectors, accumulated one batch at a time in double
 * precision. Welford's update (a running mean and the sum of products of deviations from it)
 * keeps the covariance accurate when the features' means are large beside their spread, where
 * {@code E[x x^T] - mu mu^T} would cancel.
 */
public final class FeatureStatistics {

    private final int dimension;
    private final double[] mean;
    private final double[] comoment;
    private final double[] delta;
    private long count;

    public FeatureStatistics(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        this.dimension = dimension;
        this.mean = new double[dimension];
        this.comoment = new double[dimension * dimension];
        this.delta = new double[dimension];
    }

    public int dimension() {
        return dimension;
    }

    /** Vectors added. */
    public long count() {
        return count;
    }

    /** Adds the {@code rows.length / dimension} vectors stored row after row in {@code rows}. */
    public void add(float[] rows) {
        if (rows.length % dimension != 0) {
            throw new IllegalArgumentException(rows.length + " values are not whole vectors of " + dimension);
        }
        for (int base = 0; base < rows.length; base += dimension) {
            count++;
            for (int i = 0; i < dimension; i++) {
                delta[i] = rows[base + i] - mean[i];
                mean[i] += delta[i] / count;
            }
            // comoment += delta_before (x - mean_after)^T; only the upper triangle, mirrored on read
            for (int i = 0; i < dimension; i++) {
                double di = delta[i];
                int row = i * dimension;
                for (int j = i; j < dimension; j++) {
                    comoment[row + j] += di * (rows[base + j] - mean[j]);
                }
            }
        }
    }

    /** The mean vector. */
    public double[] mean() {
        return mean.clone();
    }

    /** The sample covariance (divided by n - 1, as numpy's {@code cov} and FID implementations do). */
    public double[][] covariance() {
        if (count < 2) {
            throw new IllegalStateException("a covariance needs at least 2 vectors, got " + count);
        }
        double[][] c = new double[dimension][dimension];
        for (int i = 0; i < dimension; i++) {
            for (int j = i; j < dimension; j++) {
                double v = comoment[i * dimension + j] / (count - 1);
                c[i][j] = v;
                c[j][i] = v;
            }
        }
        return c;
    }
}

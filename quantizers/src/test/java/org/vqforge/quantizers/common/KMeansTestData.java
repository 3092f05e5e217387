package org.vqforge.quantizers.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

/** Clustered test data and the plain-Java expectations for k-means on it. */
public final class KMeansTestData {

    private KMeansTestData() {}

    /** {@code perCluster} points around each centre, offsets uniform in +-spread, cluster after cluster. */
    public static float[] clusters(double[][] centres, int perCluster, double spread, long seed) {
        Random random = new Random(seed);
        int d = centres[0].length;
        float[] points = new float[centres.length * perCluster * d];
        int i = 0;
        for (double[] centre : centres) {
            for (int p = 0; p < perCluster; p++) {
                for (int j = 0; j < d; j++) {
                    points[i++] = (float) (centre[j] + spread * (2 * random.nextDouble() - 1));
                }
            }
        }
        return points;
    }

    /** The mean of each cluster of {@link #clusters}, in double; unit-normalised points first if spherical. */
    public static double[][] means(float[] points, int clusters, int d, boolean spherical) {
        int perCluster = points.length / d / clusters;
        double[][] means = new double[clusters][d];
        for (int c = 0; c < clusters; c++) {
            for (int p = 0; p < perCluster; p++) {
                int row = (c * perCluster + p) * d;
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    norm += (double) points[row + j] * points[row + j];
                }
                double scale = spherical ? 1 / Math.sqrt(norm) : 1;
                for (int j = 0; j < d; j++) {
                    means[c][j] += points[row + j] * scale / perCluster;
                }
            }
            if (spherical) {
                double norm = 0;
                for (double v : means[c]) {
                    norm += v * v;
                }
                for (int j = 0; j < d; j++) {
                    means[c][j] /= Math.sqrt(norm);
                }
            }
        }
        return means;
    }

    /**
     * Fails unless each expected centre has exactly one centroid within {@code tolerance} (max
     * coordinate difference); returns, for each centroid, the index of its centre.
     */
    public static int[] assertSameCentres(double[][] expected, float[] centroids, double tolerance) {
        int d = expected[0].length;
        int k = centroids.length / d;
        assertEquals(expected.length, k);
        int[] match = new int[k];
        boolean[] taken = new boolean[expected.length];
        for (int c = 0; c < k; c++) {
            match[c] = -1;
            for (int e = 0; e < expected.length; e++) {
                double worst = 0;
                for (int j = 0; j < d; j++) {
                    worst = Math.max(worst, Math.abs(centroids[c * d + j] - expected[e][j]));
                }
                if (worst <= tolerance) {
                    assertTrue(match[c] < 0 && !taken[e], "centroid " + c + " matches two centres");
                    match[c] = e;
                    taken[e] = true;
                }
            }
            assertTrue(match[c] >= 0, "centroid " + c + " is at no cluster mean (tolerance " + tolerance + ")");
        }
        return match;
    }
}

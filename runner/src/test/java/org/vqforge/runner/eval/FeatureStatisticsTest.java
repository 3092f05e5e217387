package org.vqforge.runner.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Streaming mean and covariance against a two-pass computation with plain loops. */
class FeatureStatisticsTest {

    @Test
    void batchesGiveTheTwoPassMeanAndSampleCovariance() {
        Random random = new Random(7);
        int d = 5;
        int n = 1000;
        float[] all = new float[n * d];
        for (int i = 0; i < n; i++) {
            double common = random.nextGaussian();
            for (int j = 0; j < d; j++) {
                // a large offset beside a unit spread, and correlated dimensions
                all[i * d + j] = (float) (1000 + j + common * (j + 1) * 0.5 + random.nextGaussian());
            }
        }
        FeatureStatistics stats = new FeatureStatistics(d);
        // uneven batches: 1, 99, 400, 500
        int[] cuts = {0, 1, 100, 500, 1000};
        for (int c = 0; c + 1 < cuts.length; c++) {
            stats.add(Arrays.copyOfRange(all, cuts[c] * d, cuts[c + 1] * d));
        }

        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += all[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] += (all[i * d + a] - mean[a]) * (all[i * d + b] - mean[b]);
                }
            }
        }
        assertEquals(n, stats.count());
        assertArrayEquals(mean, stats.mean(), 1e-9);
        double[][] got = stats.covariance();
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                assertEquals(cov[a][b] / (n - 1), got[a][b], 1e-9, a + "," + b);
            }
        }
    }

    @Test
    void partialVectorsAndTooFewSamplesAreRefused() {
        FeatureStatistics stats = new FeatureStatistics(3);
        assertThrows(IllegalArgumentException.class, () -> stats.add(new float[4]));
        stats.add(new float[3]);
        assertThrows(IllegalStateException.class, stats::covariance);
    }
}

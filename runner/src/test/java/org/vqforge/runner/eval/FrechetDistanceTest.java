package org.vqforge.runner.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against closed forms computed by hand or with plain loops. */
class FrechetDistanceTest {

    private static double[][] diagonal(double[] d) {
        double[][] m = new double[d.length][d.length];
        for (int i = 0; i < d.length; i++) {
            m[i][i] = d[i];
        }
        return m;
    }

    /** A random symmetric positive definite matrix A A^T + 0.1 I. */
    private static double[][] randomCovariance(int d, Random random) {
        double[][] a = new double[d][d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    s[i][j] += a[i][k] * a[j][k];
                }
            }
            s[i][i] += 0.1;
        }
        return s;
    }

    private static double[] randomVector(int d, Random random) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = 3 * random.nextGaussian();
        }
        return v;
    }

    @Test
    void oneDimensionByHand() {
        // (1 - 3)^2 + 4 + 9 - 2 sqrt(4 * 9) = 4 + 13 - 12 = 5
        assertEquals(5.0, FrechetDistance.of(new double[] {1}, new double[][] {{4}}, new double[] {3}, new double[][] {{9}}),
                1e-12);
    }

    @Test
    void diagonalCovariancesGiveTheSumOfSquaredRootDifferences() {
        Random random = new Random(1);
        int d = 40;
        double[] a = new double[d];
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
            a[i] = 0.01 + 5 * random.nextDouble();
            b[i] = 0.01 + 5 * random.nextDouble();
        }
        double[] mu1 = randomVector(d, random);
        double[] mu2 = randomVector(d, random);
        double expected = 0;
        for (int i = 0; i < d; i++) {
            expected += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]) + Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
        }
        double got = FrechetDistance.of(mu1, diagonal(a), mu2, diagonal(b));
        assertEquals(expected, got, 1e-9 * expected);
    }

    @Test
    void identicalGaussiansAreAtDistanceZero() {
        Random random = new Random(2);
        int d = 64;
        double[][] s = randomCovariance(d, random);
        double[] mu = randomVector(d, random);
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += s[i][i];
        }
        // Tr S is about 64^2: the two traces and twice the root's trace cancel to rounding
        assertEquals(0.0, FrechetDistance.of(mu, s, mu, s), 1e-9 * trace);
    }

    /**
     * Non-commuting 2x2 covariances: S1 S2 has eigenvalues l1, l2 >= 0, and Tr((S1 S2)^(1/2)) =
     * sqrt(l1) + sqrt(l2) = sqrt(Tr(S1 S2) + 2 sqrt(det S1 det S2)), a closed form with no
     * eigendecomposition.
     */
    @Test
    void nonCommutingTwoByTwoAgainstTheClosedForm() {
        Random random = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            double[][] s1 = randomCovariance(2, random);
            double[][] s2 = randomCovariance(2, random);
            double[] mu1 = randomVector(2, random);
            double[] mu2 = randomVector(2, random);
            double traceProduct = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
            double det1 = s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0];
            double det2 = s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0];
            double traceRoot = Math.sqrt(traceProduct + 2 * Math.sqrt(det1 * det2));
            double expected = Math.pow(mu1[0] - mu2[0], 2) + Math.pow(mu1[1] - mu2[1], 2)
                    + s1[0][0] + s1[1][1] + s2[0][0] + s2[1][1] - 2 * traceRoot;
            assertEquals(expected, FrechetDistance.of(mu1, s1, mu2, s2), 1e-9 * (1 + Math.abs(expected)), "trial " + trial);
        }
    }

    /**
     * Rank-one covariances v v^T and u u^T (as when there are fewer samples than dimensions):
     * S1 S2 = (v.u) v u^T has the one eigenvalue (v.u)^2, so FD = |v|^2 + |u|^2 - 2 |v.u|.
     */
    @Test
    void singularCovariancesStayStable() {
        Random random = new Random(4);
        int d = 12;
        double[] v = randomVector(d, random);
        double[] u = randomVector(d, random);
        double[][] s1 = new double[d][d];
        double[][] s2 = new double[d][d];
        double vv = 0;
        double uu = 0;
        double vu = 0;
        for (int i = 0; i < d; i++) {
            vv += v[i] * v[i];
            uu += u[i] * u[i];
            vu += v[i] * u[i];
            for (int j = 0; j < d; j++) {
                s1[i][j] = v[i] * v[j];
                s2[i][j] = u[i] * u[j];
            }
        }
        double[] zero = new double[d];
        double expected = vv + uu - 2 * Math.abs(vu);
        double got = FrechetDistance.of(zero, s1, zero, s2);
        assertEquals(expected, got, 1e-7 * (vv + uu));
        assertTrue(Double.isFinite(got));
    }

    @Test
    void theDistanceIsSymmetric() {
        Random random = new Random(5);
        double[][] s1 = randomCovariance(16, random);
        double[][] s2 = randomCovariance(16, random);
        double[] mu1 = randomVector(16, random);
        double[] mu2 = randomVector(16, random);
        double ab = FrechetDistance.of(mu1, s1, mu2, s2);
        assertEquals(ab, FrechetDistance.of(mu2, s2, mu1, s1), 1e-9 * ab);
    }
}

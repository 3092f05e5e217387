package org.vqforge.runner.eval;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between two Gaussians (the FID formula):
 * {@code ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))}.
 *
 * <p>{@code S1 S2} is not symmetric, and a general matrix square root of it is where FID
 * implementations lose precision (complex parts, near-singular covariances). Its trace is computed
 * instead from the similar matrix {@code S1^(1/2) S2 S1^(1/2)}, which is symmetric positive
 * semi-definite: {@code Tr((S1 S2)^(1/2))} is the sum of the square roots of its eigenvalues. Both
 * steps are symmetric eigendecompositions (EJML).
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    /** The distance between the Gaussians of two sets of samples. */
    public static double between(FeatureStatistics a, FeatureStatistics b) {
        return of(a.mean(), a.covariance(), b.mean(), b.covariance());
    }

    /**
     * The distance between N(mu1, s1) and N(mu2, s2).
     *
     * @param s1 a symmetric positive semi-definite d x d matrix, row-major
     * @param s2 likewise
     */
    public static double of(double[] mu1, double[][] s1, double[] mu2, double[][] s2) {
        int d = mu1.length;
        if (mu2.length != d || s1.length != d || s2.length != d) {
            throw new IllegalArgumentException("dimensions differ: means " + mu1.length + " and " + mu2.length
                    + ", covariances " + s1.length + " and " + s2.length);
        }
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = mu1[i] - mu2[i];
            meanTerm += diff * diff;
        }
        DMatrixRMaj c1 = new DMatrixRMaj(s1);
        DMatrixRMaj c2 = new DMatrixRMaj(s2);
        DMatrixRMaj root1 = symmetricSqrt(c1);
        DMatrixRMaj product = new DMatrixRMaj(d, d);
        DMatrixRMaj inner = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(root1, c2, product);
        CommonOps_DDRM.mult(product, root1, inner);
        double traceOfRoot = 0;
        for (double eigenvalue : symmetricEigenvalues(inner)) {
            // rounding leaves eigenvalues of a PSD matrix a hair below zero
            traceOfRoot += Math.sqrt(Math.max(0, eigenvalue));
        }
        double distance = meanTerm + CommonOps_DDRM.trace(c1) + CommonOps_DDRM.trace(c2) - 2 * traceOfRoot;
        // the same rounding can take a distance of (nearly) identical sets below zero, which it cannot be
        return Math.max(0, distance);
    }

    /** The symmetric PSD square root: V diag(sqrt(max(l, 0))) V^T. */
    static DMatrixRMaj symmetricSqrt(DMatrixRMaj s) {
        int d = s.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(s);
        DMatrixRMaj root = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double r = Math.sqrt(Math.max(0, eig.getEigenvalue(k).real));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    root.add(i, j, r * v.get(i) * v.get(j));
                }
            }
        }
        return root;
    }

    static double[] symmetricEigenvalues(DMatrixRMaj s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(s);
        double[] values = new double[s.numRows];
        for (int k = 0; k < values.length; k++) {
            values[k] = eig.getEigenvalue(k).real;
        }
        return values;
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(DMatrixRMaj s) {
        DMatrixRMaj symmetric = new DMatrixRMaj(s.numRows, s.numCols);
        // average with the transpose: products of symmetric matrices are symmetric only up to rounding
        CommonOps_DDRM.transpose(s, symmetric);
        CommonOps_DDRM.addEquals(symmetric, s);
        CommonOps_DDRM.scale(0.5, symmetric);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s.numRows, true, true);
        if (!eig.decompose(symmetric)) {
            throw new ArithmeticException("the eigendecomposition of a " + s.numRows + "x" + s.numCols
                    + " covariance did not converge (NaN or infinite features?)");
        }
        return eig;
    }
}

package org.vqforge.quantizers.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.TestBuildContext;

class KMeansTest {

    private TestBuildContext context;
    private NDManager step;

    @BeforeEach
    void open() {
        context = TestBuildContext.fashionMnist();
        step = context.manager().newSubManager();
    }

    @AfterEach
    void close() {
        context.close();
    }

    private static final double[][] CENTRES = {{0, 0, 0}, {10, 0, 0}, {0, 10, 0}, {0, 0, 10}, {10, 10, 10}};

    @Test
    void findsTheMeansOfWellSeparatedClusters() {
        float[] points = KMeansTestData.clusters(CENTRES, 40, 0.5, 1);
        NDArray rows = step.create(points, new Shape(200, 3));
        KMeans.Result result = KMeans.fit(rows, 5, 10, false, NearestCode.ENGINE);
        assertShape(result.centroids(), 5, 3);
        assertShape(result.counts(), 5);
        // Lloyd's fixed point on separated clusters is the cluster means (float sums of 40 points)
        KMeansTestData.assertSameCentres(KMeansTestData.means(points, 5, 3, false), result.centroids().toFloatArray(), 1e-5);
        for (float count : result.counts().toFloatArray()) {
            assertEquals(40f, count, 0f);
        }
        assertEquals(step, result.centroids().getManager());
    }

    @Test
    void sphericalKMeansClustersByDirectionWhateverTheLength() {
        // three directions; lengths from 0.1 to 10 inside each cluster
        double[][] directions = {{1, 0, 0}, {0, 1, 0}, {0.6, 0, 0.8}};
        float[] points = KMeansTestData.clusters(directions, 30, 0.05, 2);
        Random lengths = new Random(3);
        for (int row = 0; row < 90; row++) {
            float length = (float) (0.1 + 9.9 * lengths.nextDouble());
            for (int j = 0; j < 3; j++) {
                points[row * 3 + j] *= length;
            }
        }
        KMeans.Result result = KMeans.fit(step.create(points, new Shape(90, 3)), 3, 10, true, NearestCode.ENGINE);
        KMeansTestData.assertSameCentres(KMeansTestData.means(points, 3, 3, true), result.centroids().toFloatArray(), 1e-5);
        float[] centroids = result.centroids().toFloatArray();
        for (int c = 0; c < 3; c++) {
            double norm = Math.sqrt(centroids[3 * c] * centroids[3 * c] + centroids[3 * c + 1] * centroids[3 * c + 1]
                    + centroids[3 * c + 2] * centroids[3 * c + 2]);
            assertEquals(1, norm, 1e-6, "centroid " + c + " is a unit vector");
        }
    }

    @Test
    void sameSeedSameCentroidsAndNothingLeftBehind() {
        float[] points = KMeansTestData.clusters(CENTRES, 20, 3, 4);
        NDArray rows = step.create(points, new Shape(100, 3));
        context.backend().seed(11);
        float[] first = KMeans.fit(rows, 7, 3, false, NearestCode.ENGINE).centroids().toFloatArray();
        int before = step.getManagedArrays().size();
        context.backend().seed(11);
        KMeans.Result again = KMeans.fit(rows, 7, 3, false, NearestCode.ENGINE);
        assertEquals(before + 2, step.getManagedArrays().size(), "only the centroids and counts stay");
        org.vqforge.api.testkit.Tensors.assertClose(first, again.centroids(), 0, "same seed");
    }

    @Test
    void zeroIterationsReturnsDistinctDataPointsAsSeeds() {
        float[] points = KMeansTestData.clusters(CENTRES, 10, 0.1, 5);
        float[] seeds = KMeans.fit(step.create(points, new Shape(50, 3)), 5, 0, false, NearestCode.ENGINE).centroids().toFloatArray();
        // k-means++ on separated clusters: one seed per cluster, each an actual point
        int[] match = KMeansTestData.assertSameCentres(CENTRES, seeds, 0.1);
        for (int c = 0; c < 5; c++) {
            boolean isPoint = false;
            for (int row = 0; row < 50 && !isPoint; row++) {
                isPoint = points[3 * row] == seeds[3 * c] && points[3 * row + 1] == seeds[3 * c + 1]
                        && points[3 * row + 2] == seeds[3 * c + 2];
            }
            assertTrue(isPoint, "seed " + c + " (cluster " + match[c] + ") is a data point");
        }
    }
}

package org.vqforge.backends.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fused vector search against a plain double-precision search written here, on shapes that
 * leave partial row blocks, groups and code panels. Needs the incubator module (Surefire adds it)
 * and 512-bit vectors; where the CPU lacks them the search is not offered, and these are skipped.
 */
class VectorSearchTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        assumeTrue(VectorSearch.unavailableReason().isEmpty(), () -> VectorSearch.unavailableReason().get());
        manager = Engine.getEngine("PyTorch").newBaseManager();
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void findsTheCodeAPlainDoubleSearchFinds() {
        int[][] shapes = {{1, 1, 1}, {7, 5, 3}, {100, 33, 64}, {513, 300, 17}, {1000, 1024, 64}, {70, 32, 8}};
        Random random = new Random(7);
        for (int[] s : shapes) {
            int n = s[0];
            int k = s[1];
            int d = s[2];
            float[] rows = gaussian(random, n * d);
            float[] codes = gaussian(random, k * d);
            long[] found = search(2, rows, n, codes, k, d);
            for (int r = 0; r < n; r++) {
                double[] distances = distances(rows, r, codes, k, d);
                int best = 0;
                int second = -1;
                for (int c = 1; c < k; c++) {
                    if (distances[c] < distances[best]) {
                        second = best;
                        best = c;
                    } else if (second < 0 || distances[c] < distances[second]) {
                        second = c;
                    }
                }
                String where = "N=" + n + " K=" + k + " D=" + d + " row " + r;
                // float scores: the chosen code is as near as the best within float rounding ...
                assertEquals(distances[best], distances[(int) found[r]], 1e-4 * (1 + distances[best]), where);
                // ... and is the best itself wherever the runner-up is not within that rounding
                if (second < 0 || distances[second] - distances[best] > 1e-3 * (1 + distances[best])) {
                    assertEquals(best, found[r], where);
                }
            }
        }
    }

    @Test
    void tiesGoToTheLowestIndexWithinAndAcrossLanesAndPanels() {
        int k = 100;
        int d = 4;
        float[] codes = new float[k * d];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
                codes[c * d + i] = 100 + c * 10 + i; // all far from the origin, and distinct
            }
        }
        float[] row = {0.5f, -1f, 2f, 0.25f};
        // code 3 (panel 0, low vector), 20 (panel 0, high vector), 35 (panel 1, the lane of 3),
        // 70 (panel 2): all equal to the row
        int[][] cases = {{3, 20, 35, 70}, {20, 35, 70}, {35, 70}, {70}};
        for (int[] equal : cases) {
            float[] c = codes.clone();
            for (int e : equal) {
                System.arraycopy(row, 0, c, e * d, d);
            }
            long[] found = search(2, row, 1, c, k, d);
            assertEquals(equal[0], found[0], () -> "codes " + java.util.Arrays.toString(equal) + " tie");
        }
    }

    @Test
    void anyNumberOfThreadsGivesTheSameCodes() {
        Random random = new Random(11);
        int n = 1001;
        int k = 257;
        int d = 16;
        float[] rows = gaussian(random, n * d);
        float[] codes = gaussian(random, k * d);
        long[] one = search(1, rows, n, codes, k, d);
        assertArrayEquals(one, search(2, rows, n, codes, k, d));
        assertArrayEquals(one, search(3, rows, n, codes, k, d));
    }

    @Test
    void readsStridedAndOffsetRowsAndLeavesOnlyItsResultOnTheManager() {
        Random random = new Random(3);
        int n = 40;
        int k = 9;
        int d = 6;
        float[] rows = gaussian(random, n * d);
        float[] codes = gaussian(random, k * d);
        long[] expected = search(2, rows, n, codes, k, d);
        // the same rows stored transposed: the (N, D) view is not contiguous
        float[] transposed = new float[n * d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                transposed[i * n + r] = rows[r * d + i];
            }
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray stored = step.create(transposed, new Shape(d, n));
            NDArray strided = stored.transpose();
            NDArray codebook = step.create(codes, new Shape(k, d));
            int before = step.getManagedArrays().size();
            NDArray nearest = VectorSearch.create(2).nearest(strided, codebook);
            assertEquals(DataType.INT64, nearest.getDataType());
            assertEquals(new Shape(n), nearest.getShape());
            assertArrayEquals(expected, nearest.toLongArray());
            assertEquals(before + 1, step.getManagedArrays().size());
            // a contiguous slice that starts inside its storage
            NDArray padded = step.create(concat(gaussian(random, 3 * d), rows), new Shape(n + 3, d));
            NDArray slice = padded.get("3:");
            assertArrayEquals(expected, VectorSearch.create(2).nearest(slice, codebook).toLongArray());
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void refusesMismatchedShapesAndOtherTypes() {
        VectorSearch search = VectorSearch.create(1);
        NDArray rows = manager.zeros(new Shape(4, 3));
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
                () -> search.nearest(rows, manager.zeros(new Shape(5, 2))));
        assertTrue(shapes.getMessage().contains("(4, 3) and (5, 2)"), shapes.getMessage());
        IllegalArgumentException types = assertThrows(IllegalArgumentException.class,
                () -> search.nearest(rows, manager.zeros(new Shape(5, 3), DataType.FLOAT64)));
        assertTrue(types.getMessage().contains("float32"), types.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VectorSearch.create(0));
    }

    private long[] search(int threads, float[] rows, int n, float[] codes, int k, int d) {
        try (NDManager step = manager.newSubManager()) {
            return VectorSearch.create(threads)
                    .nearest(step.create(rows, new Shape(n, d)), step.create(codes, new Shape(k, d)))
                    .toLongArray();
        }
    }

    private static double[] distances(float[] rows, int r, float[] codes, int k, int d) {
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            double sum = 0;
            for (int i = 0; i < d; i++) {
                double diff = (double) rows[r * d + i] - codes[c * d + i];
                sum += diff * diff;
            }
            out[c] = sum;
        }
        return out;
    }

    private static float[] gaussian(Random random, int size) {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }
}

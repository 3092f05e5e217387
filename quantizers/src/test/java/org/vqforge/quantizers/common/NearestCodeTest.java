package org.vqforge.quantizers.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.TestBuildContext;

class NearestCodeTest {

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

    private static float[] gaussian(Random random, int count, double scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    /** Squared distances of every row to every code, in double precision. */
    private static double[][] distances(float[] rows, float[] codes, int d) {
        int n = rows.length / d;
        int k = codes.length / d;
        double[][] out = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double sum = 0;
                for (int j = 0; j < d; j++) {
                    double diff = rows[i * d + j] - codes[c * d + j];
                    sum += diff * diff;
                }
                out[i][c] = sum;
            }
        }
        return out;
    }

    @Test
    void picksTheHandComputedNearestCodes() {
        // e0 = (0, 0), e1 = (1, 0), e2 = (0, 2); rows nearest e0, e1, e2, e1 (VqQuantizerTest's distances)
        NDArray codes = step.create(new float[] {0, 0, 1, 0, 0, 2}, new Shape(3, 2));
        NDArray rows = step.create(new float[] {0.2f, 0.1f, 0.9f, -0.3f, -0.1f, 1.5f, 0.6f, 0.2f}, new Shape(4, 2));
        NDArray nearest = NearestCode.search(rows, codes);
        assertShape(nearest, 4);
        assertEquals(DataType.INT64, nearest.getDataType());
        assertArrayEquals(new long[] {0, 1, 2, 1}, nearest.toLongArray());
    }

    @Test
    void agreesWithABruteForceSearchInPlainJava() {
        int n = 500;
        int k = 64;
        int d = 16;
        Random random = new Random(3);
        float[] codes = gaussian(random, k * d, 1);
        float[] rows = gaussian(random, n * d, 1);
        long[] chosen = NearestCode.search(step.create(rows, new Shape(n, d)), step.create(codes, new Shape(k, d)))
                .toLongArray();
        double[][] dist = distances(rows, codes, d);
        int exact = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (dist[i][c] < dist[i][best]) {
                    best = c;
                }
            }
            // float32 scores of ||e||^2 - 2 z.e differ from the exact distance by ~1e-6 relative
            assertEquals(dist[i][best], dist[i][(int) chosen[i]], 1e-4, "row " + i + " chose " + chosen[i]);
            exact += best == chosen[i] ? 1 : 0;
        }
        assertTrue(exact >= n - 2, exact + " of " + n + " rows picked the exact nearest code");
    }

    @Test
    void chunkedSearchGivesTheSameIndicesAsOneBlock() {
        int n = 1000;
        int d = 5;
        Random random = new Random(9);
        // 37 codes take the one-stage argmax, 96 the two-stage one
        for (int k : new int[] {37, 96}) {
            NDArray codes = step.create(gaussian(random, k * d, 1), new Shape(k, d));
            NDArray rows = step.create(gaussian(random, n * d, 1), new Shape(n, d));
            long[] whole = NearestCode.searchWithin(rows, codes, (long) n * k * Float.BYTES).toLongArray();
            assertArrayEquals(whole, NearestCode.search(rows, codes).toLongArray(), "default chunks, K " + k);
            // 7 rows per chunk (1000 = 142 x 7 + 6), one row per chunk, and a budget too small for one row
            for (long budget : new long[] {7L * k * Float.BYTES, (long) k * Float.BYTES, 1}) {
                NDArray chunked = NearestCode.searchWithin(rows, codes, budget);
                assertShape(chunked, n);
                assertArrayEquals(whole, chunked.toLongArray(), "K " + k + ", budget " + budget + " bytes");
            }
        }
    }

    @Test
    void twoStageArgMaxFindsTheFirstMaximumOfEachRow() {
        int k = 64;
        float[] scores = new float[4 * k];
        // row 0: equal maxima at 5 and 40 (different groups); row 1: at 17 and 18 (one group);
        // row 2: the maximum in the last position; row 3: all equal
        scores[5] = 3;
        scores[40] = 3;
        scores[k + 17] = 2;
        scores[k + 18] = 2;
        scores[k + 3] = 1;
        scores[2 * k + 63] = 0.5f;
        long[] got = NearestCode.argMax(step.create(scores, new Shape(4, k))).toLongArray();
        assertArrayEquals(new long[] {5, 17, 63, 0}, got);
        Random random = new Random(4);
        float[] noise = gaussian(random, 300 * 128, 1);
        long[] chosen = NearestCode.argMax(step.create(noise, new Shape(300, 128))).toLongArray();
        for (int row = 0; row < 300; row++) {
            int best = 0;
            for (int c = 1; c < 128; c++) {
                if (noise[row * 128 + c] > noise[row * 128 + best]) {
                    best = c;
                }
            }
            assertEquals(best, chosen[row], "row " + row);
        }
    }

    @Test
    void rowsPerChunkKeepTheScoreBlockWithinTheBudget() {
        assertEquals(256L << 20, NearestCode.SCORE_BUDGET_BYTES);
        // K = 512: 131,072 rows fit, so 65,536 rows are one block
        assertEquals(131_072, NearestCode.rowsPerChunk(512));
        // K = 8,192: 8,192 rows of 32 KiB = 256 MiB
        assertEquals(8_192, NearestCode.rowsPerChunk(8_192));
        // K = 65,536: 1,024 rows of 256 KiB
        assertEquals(1_024, NearestCode.rowsPerChunk(65_536));
        // a single row over the budget is still searched, one at a time
        assertEquals(1, NearestCode.rowsPerChunk(1L << 40));
        assertEquals(1, NearestCode.rowsPerChunk(1_000, 3_999));
        assertEquals(2, NearestCode.rowsPerChunk(1_000, 8_000));
    }

    @Test
    void searchesOnTheRowsManagerLeavingNothingOnTheCodebooks() {
        NDManager parameters = context.manager().newSubManager();
        NDArray codes = parameters.create(new float[] {0, 0, 1, 0, 0, 2}, new Shape(3, 2));
        codes.setRequiresGradient(true);
        int before = parameters.getManagedArrays().size();
        NDArray rows = step.create(new float[] {0.2f, 0.1f, 0.9f, -0.3f}, new Shape(2, 2));
        rows.setRequiresGradient(true);
        NDArray nearest = NearestCode.searchWithin(rows, codes, 3 * Float.BYTES);
        assertArrayEquals(new long[] {0, 1}, nearest.toLongArray());
        assertEquals(step, nearest.getManager());
        assertEquals(before, parameters.getManagedArrays().size(), "arrays left on the codebook's manager");
    }

    @Test
    void lookupGathersTheCodesOfAnyIndexShape() {
        NDArray codes = step.create(new float[] {0, 0, 1, 0, 0, 2}, new Shape(3, 2));
        NDArray looked = NearestCode.lookup(step.create(new long[] {2, 0, 1, 1}, new Shape(2, 2)), codes);
        assertShape(looked, 2, 2, 2);
        assertClose(new float[] {0, 2, 0, 0, 1, 0, 1, 0}, looked, 0, "codes");
    }

    @Test
    void rejectsRowsAndCodesOfDifferentWidths() {
        NDArray codes = step.zeros(new Shape(3, 2));
        assertThrows(IllegalArgumentException.class, () -> NearestCode.search(step.zeros(new Shape(4, 3)), codes));
        assertThrows(IllegalArgumentException.class, () -> NearestCode.search(step.zeros(new Shape(4)), codes));
    }
}

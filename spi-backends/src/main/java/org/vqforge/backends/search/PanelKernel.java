package org.vqforge.backends.search;

import java.nio.FloatBuffer;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused search: scores and the running best are computed together, so no (N, K) block of
 * distances is ever stored. The nearest code maximises z.e - ||e||^2 / 2. Rows are taken
 * {@link #ROWS} at a time against one {@link CodePanels panel} of 32 codes: 16 vector
 * accumulators, enough multiply-adds per loaded value to keep the FMA units busy, few enough to
 * stay in registers. Each lane keeps its best score and the code it came from; ties keep the
 * earlier code, and the lanes are merged the same way, so the lowest index wins as in the engine's
 * argmax.
 *
 * <p>The panel step takes arrays and ints only and is written out in full, without helper methods
 * or loops over rows: vectors that cross a call the JIT does not inline are boxed on the heap, and
 * a larger method or more accumulators exceed what the JIT inlines or keeps in registers; either
 * way the kernel runs many times slower.
 */
final class PanelKernel {

    /** Rows scored together. */
    static final int ROWS = 8;

    /** Rows that share each load of a panel. */
    static final int GROUP = 64;

    /** Floats of one block's bests: the lane scores, then the codes they came from. */
    private static final int BEST = 2 * ROWS * CodePanels.WIDTH;

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final int LANES = 16;
    private static final FloatVector LANE = FloatVector.fromArray(F, new float[] {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 0);

    private PanelKernel() {}

    /** Whether the JIT compiles this kernel to 512-bit instructions on this machine. */
    static boolean native512() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= F.vectorBitSize();
    }

    /**
     * Writes the nearest code of rows [from, to) into {@code nearest}. Rows go in groups of
     * {@link #GROUP}: each panel is loaded once per group and used for all its blocks of
     * {@link #ROWS} while it sits in the L1 cache, beside the group's transposed rows and bests.
     *
     * @param rows (N, D) row-major
     */
    static void search(FloatBuffer rows, int from, int to, CodePanels codes, long[] nearest) {
        int d = codes.dimension();
        int blocks = GROUP / ROWS;
        float[] rowsT = new float[GROUP * d];
        float[] block = new float[ROWS * d];
        float[] best = new float[blocks * BEST];
        for (int first = from; first < to; first += GROUP) {
            int count = Math.min(GROUP, to - first);
            int used = (count + ROWS - 1) / ROWS;
            for (int b = 0; b < used; b++) {
                transpose(rows, first + b * ROWS, Math.min(ROWS, count - b * ROWS), d, block, rowsT, b * ROWS * d);
                Arrays.fill(best, b * BEST, b * BEST + ROWS * CodePanels.WIDTH, Float.NEGATIVE_INFINITY);
                Arrays.fill(best, b * BEST + ROWS * CodePanels.WIDTH, (b + 1) * BEST, 0f);
            }
            for (int p = 0; p < codes.panels(); p++) {
                for (int b = 0; b < used; b++) {
                    panel(rowsT, b * ROWS * d, codes.values(), p * d * CodePanels.WIDTH, codes.halfNorms(),
                            p * CodePanels.WIDTH, d, best, b * BEST);
                }
            }
            for (int r = 0; r < count; r++) {
                nearest[first + r] = bestOfLanes(best, (r / ROWS) * BEST, r % ROWS);
            }
        }
    }

    /** rowsT[at + i * ROWS + r] = row (first + r), dimension i; rows past the end are zero. */
    private static void transpose(FloatBuffer rows, int first, int count, int d, float[] block, float[] rowsT, int at) {
        Arrays.fill(block, 0f);
        rows.get(first * d, block, 0, count * d);
        for (int r = 0; r < ROWS; r++) {
            for (int i = 0; i < d; i++) {
                rowsT[at + i * ROWS + r] = block[r * d + i];
            }
        }
    }

    /**
     * Scores the 32 codes of one panel against the {@link #ROWS} rows and updates {@code best}:
     * row r's lane scores at [r * 32, r * 32 + 32), and at the same places plus {@code ROWS * 32}
     * the first code of the vector each best score came from.
     */
    private static void panel(float[] rowsT, int rowsAt, float[] values, int start, float[] halfNorms, int firstCode,
            int d, float[] best, int bestAt) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector s00 = zero, s01 = zero,
                s10 = zero, s11 = zero,
                s20 = zero, s21 = zero,
                s30 = zero, s31 = zero,
                s40 = zero, s41 = zero,
                s50 = zero, s51 = zero,
                s60 = zero, s61 = zero,
                s70 = zero, s71 = zero;
        for (int i = 0, v = start, t = rowsAt; i < d; i++, v += CodePanels.WIDTH, t += ROWS) {
            FloatVector low = FloatVector.fromArray(F, values, v);
            FloatVector high = FloatVector.fromArray(F, values, v + LANES);
            FloatVector b;
            b = FloatVector.broadcast(F, rowsT[t + 0]);
            s00 = low.fma(b, s00);
            s01 = high.fma(b, s01);
            b = FloatVector.broadcast(F, rowsT[t + 1]);
            s10 = low.fma(b, s10);
            s11 = high.fma(b, s11);
            b = FloatVector.broadcast(F, rowsT[t + 2]);
            s20 = low.fma(b, s20);
            s21 = high.fma(b, s21);
            b = FloatVector.broadcast(F, rowsT[t + 3]);
            s30 = low.fma(b, s30);
            s31 = high.fma(b, s31);
            b = FloatVector.broadcast(F, rowsT[t + 4]);
            s40 = low.fma(b, s40);
            s41 = high.fma(b, s41);
            b = FloatVector.broadcast(F, rowsT[t + 5]);
            s50 = low.fma(b, s50);
            s51 = high.fma(b, s51);
            b = FloatVector.broadcast(F, rowsT[t + 6]);
            s60 = low.fma(b, s60);
            s61 = high.fma(b, s61);
            b = FloatVector.broadcast(F, rowsT[t + 7]);
            s70 = low.fma(b, s70);
            s71 = high.fma(b, s71);
        }
        FloatVector lowHalfNorms = FloatVector.fromArray(F, halfNorms, firstCode);
        FloatVector highHalfNorms = FloatVector.fromArray(F, halfNorms, firstCode + LANES);
        FloatVector lowFirst = FloatVector.broadcast(F, firstCode);
        FloatVector highFirst = FloatVector.broadcast(F, firstCode + LANES);
        // lane-wise: where a score beats the best so far, it and its code become the best
        FloatVector score;
        FloatVector bestScore;
        VectorMask<Float> better;
        int codes = bestAt + ROWS * CodePanels.WIDTH;
        score = s00.sub(lowHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 0);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 0);
        FloatVector.fromArray(F, best, codes + 0).blend(lowFirst, better).intoArray(best, codes + 0);
        score = s01.sub(highHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 16);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 16);
        FloatVector.fromArray(F, best, codes + 16).blend(highFirst, better).intoArray(best, codes + 16);
        score = s10.sub(lowHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 32);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 32);
        FloatVector.fromArray(F, best, codes + 32).blend(lowFirst, better).intoArray(best, codes + 32);
        score = s11.sub(highHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 48);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 48);
        FloatVector.fromArray(F, best, codes + 48).blend(highFirst, better).intoArray(best, codes + 48);
        score = s20.sub(lowHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 64);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 64);
        FloatVector.fromArray(F, best, codes + 64).blend(lowFirst, better).intoArray(best, codes + 64);
        score = s21.sub(highHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 80);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 80);
        FloatVector.fromArray(F, best, codes + 80).blend(highFirst, better).intoArray(best, codes + 80);
        score = s30.sub(lowHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 96);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 96);
        FloatVector.fromArray(F, best, codes + 96).blend(lowFirst, better).intoArray(best, codes + 96);
        score = s31.sub(highHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 112);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 112);
        FloatVector.fromArray(F, best, codes + 112).blend(highFirst, better).intoArray(best, codes + 112);
        score = s40.sub(lowHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 128);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 128);
        FloatVector.fromArray(F, best, codes + 128).blend(lowFirst, better).intoArray(best, codes + 128);
        score = s41.sub(highHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 144);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 144);
        FloatVector.fromArray(F, best, codes + 144).blend(highFirst, better).intoArray(best, codes + 144);
        score = s50.sub(lowHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 160);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 160);
        FloatVector.fromArray(F, best, codes + 160).blend(lowFirst, better).intoArray(best, codes + 160);
        score = s51.sub(highHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 176);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 176);
        FloatVector.fromArray(F, best, codes + 176).blend(highFirst, better).intoArray(best, codes + 176);
        score = s60.sub(lowHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 192);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 192);
        FloatVector.fromArray(F, best, codes + 192).blend(lowFirst, better).intoArray(best, codes + 192);
        score = s61.sub(highHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 208);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 208);
        FloatVector.fromArray(F, best, codes + 208).blend(highFirst, better).intoArray(best, codes + 208);
        score = s70.sub(lowHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 224);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 224);
        FloatVector.fromArray(F, best, codes + 224).blend(lowFirst, better).intoArray(best, codes + 224);
        score = s71.sub(highHalfNorms);
        bestScore = FloatVector.fromArray(F, best, bestAt + 240);
        better = score.compare(VectorOperators.GT, bestScore);
        bestScore.blend(score, better).intoArray(best, bestAt + 240);
        FloatVector.fromArray(F, best, codes + 240).blend(highFirst, better).intoArray(best, codes + 240);
    }

    /**
     * The best code of row r of the block at {@code at} over its 32 lanes: the highest score, and
     * of the lanes that hold it the lowest code.
     */
    private static long bestOfLanes(float[] best, int at, int r) {
        int scores = at + r * CodePanels.WIDTH;
        int codes = scores + ROWS * CodePanels.WIDTH;
        FloatVector lowScore = FloatVector.fromArray(F, best, scores);
        FloatVector highScore = FloatVector.fromArray(F, best, scores + LANES);
        float top = lowScore.max(highScore).reduceLanes(VectorOperators.MAX);
        FloatVector lowCode = FloatVector.fromArray(F, best, codes).add(LANE);
        FloatVector highCode = FloatVector.fromArray(F, best, codes + LANES).add(LANE);
        float code = Math.min(
                lowCode.blend(Float.POSITIVE_INFINITY, lowScore.compare(VectorOperators.NE, top))
                        .reduceLanes(VectorOperators.MIN),
                highCode.blend(Float.POSITIVE_INFINITY, highScore.compare(VectorOperators.NE, top))
                        .reduceLanes(VectorOperators.MIN));
        // every score NaN (rows of NaN): no lane holds the top
        return code == Float.POSITIVE_INFINITY ? 0 : (long) code;
    }
}

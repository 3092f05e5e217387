package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import org.vqforge.api.backend.NearestCodeSearch;
import org.vqforge.api.plugin.BuildContext;

/** Nearest-code search and code lookup for codebooks of shape (K, D). */
public final class NearestCode {

    /**
     * The most memory one search spends on its block of row-to-code scores: 256 MiB of float32
     * (for K = 65,536 codes, 1,024 rows at a time).
     */
    public static final long SCORE_BUDGET_BYTES = 256L << 20;

    /** Codes per group of the two-stage argmax; codebooks that it does not divide take one stage. */
    static final int GROUP = 16;

    /** The engine's search, {@link #search(NDArray, NDArray)}, for any backend and device. */
    public static final NearestCodeSearch ENGINE = NearestCode::search;

    private NearestCode() {}

    /** The backend's own search where it has one, else the engine's. */
    public static NearestCodeSearch of(BuildContext context) {
        return context.backend().nearestCodeSearch().orElse(ENGINE);
    }

    /**
     * The index of the nearest code (squared Euclidean distance) of each row. ||z - e||^2 =
     * ||z||^2 - 2 z.e + ||e||^2 and ||z||^2 is the same for every code of a row, so the nearest
     * code maximises the score 2 z.e - ||e||^2, which one matrix product yields whole: the rows
     * extended by a 1, times the codes doubled and extended by their negated squared norms. Ties
     * go to the lowest index. Nothing here is differentiated, so the search runs on detached
     * copies and records no graph.
     *
     * <p>When the (N, K) block of scores would exceed {@link #SCORE_BUDGET_BYTES}, rows are scored
     * in chunks of {@link #rowsPerChunk(long)}; below it the search is one product and one
     * reduction.
     *
     * @param rows (N, D)
     * @param codebook (K, D)
     * @return (N) int64 indices, on the rows' manager
     */
    public static NDArray search(NDArray rows, NDArray codebook) {
        return search(rows, codebook, rowsPerChunk(codebook.getShape().get(0)));
    }

    /**
     * {@link #search(NDArray, NDArray)} with the score block limited to {@code budgetBytes}
     * (at least one row), for tests of the chunking.
     */
    static NDArray searchWithin(NDArray rows, NDArray codebook, long budgetBytes) {
        return search(rows, codebook, rowsPerChunk(codebook.getShape().get(0), budgetBytes));
    }

    private static NDArray search(NDArray rows, NDArray codebook, long chunk) {
        NearestCodeSearch.requireRowsAndCodebook(rows, codebook);
        NDManager step = rows.getManager();
        long n = rows.getShape().get(0);
        try (NDArray scorer = scorer(codebook, step);
                NDArray extended = extended(rows)) {
            if (n <= chunk) {
                return best(extended, scorer);
            }
            NDList parts = new NDList();
            try {
                for (long start = 0; start < n; start += chunk) {
                    try (NDArray slice = extended.get(new NDIndex("{}:{}", start, Math.min(n, start + chunk)))) {
                        parts.add(best(slice, scorer));
                    }
                }
                return NDArrays.concat(parts);
            } finally {
                parts.close();
            }
        }
    }

    /**
     * Rows searched at once against {@code codes} codes: all N rows when their (N, K) block fits
     * {@link #SCORE_BUDGET_BYTES}, else chunks of this many.
     */
    public static long rowsPerChunk(long codes) {
        return rowsPerChunk(codes, SCORE_BUDGET_BYTES);
    }

    /** Rows per chunk so that a (rows, K) float32 block stays within the budget; at least 1. */
    static long rowsPerChunk(long codes, long budgetBytes) {
        return Math.max(1, budgetBytes / (codes * Float.BYTES));
    }

    /** (D + 1, K): the transposed codes doubled over their negated squared norms, on the step's manager. */
    private static NDArray scorer(NDArray codebook, NDManager step) {
        // ops led by the codebook would land on its long-lived manager, so it goes first onto the step's
        try (NDArray codes = codebook.stopGradient()) {
            codes.attach(step);
            try (NDArray norms = codes.square().sum(new int[] {1}, true);
                    NDArray negated = norms.neg();
                    NDArray doubled = codes.mul(2);
                    NDArray joined = doubled.concat(negated, 1);
                    NDArray transposed = joined.transpose()) {
                // contiguous, so each chunk's product reads it without another copy
                return transposed.duplicate();
            }
        }
    }

    /** (N, D + 1): the rows, detached, with a column of ones. */
    private static NDArray extended(NDArray rows) {
        try (NDArray z = rows.stopGradient();
                NDArray ones = z.getManager().ones(new Shape(z.getShape().get(0), 1), z.getDataType())) {
            return z.concat(ones, 1);
        }
    }

    /** The best-scoring code of each extended row. */
    private static NDArray best(NDArray extendedRows, NDArray scorer) {
        try (NDManager scratch = extendedRows.getManager().newSubManager()) {
            NDArray scores = extendedRows.matMul(scorer);
            scores.attach(scratch);
            NDArray best = argMax(scores);
            best.attach(extendedRows.getManager());
            return best;
        }
    }

    /**
     * Row-wise argmax of (n, K) scores in two stages when {@link #GROUP} divides K: the engine's
     * argmax reads about four times slower than its max pooling, so the maxima of groups of
     * {@link #GROUP} consecutive codes are pooled first, the argmax runs over those, and a second
     * argmax over the winning group. The first group holding the row maximum and the first
     * position in it give the same lowest index as one argmax.
     */
    static NDArray argMax(NDArray scores) {
        long n = scores.getShape().get(0);
        long k = scores.getShape().get(1);
        if (k % GROUP != 0 || k < 4L * GROUP) {
            return scores.argMax(1);
        }
        long groups = k / GROUP;
        NDArray groupMax = scores.reshape(n, 1, k).getNDArrayInternal()
                .maxPool(new Shape(GROUP), new Shape(GROUP), new Shape(0), false);
        NDArray group = groupMax.reshape(n, groups).argMax(1);
        NDArray within = scores.reshape(n, groups, GROUP)
                .gather(group.reshape(n, 1, 1).broadcast(n, 1, GROUP), 1)
                .reshape(n, GROUP)
                .argMax(1);
        return group.mul(GROUP).add(within);
    }

    /**
     * The codes at {@code indices}, differentiable with respect to the codebook (each chosen
     * code receives the sum of its rows' gradients).
     *
     * @param indices int64 of any shape S
     * @param codebook (K, D)
     * @return shape S + (D), on the indices' manager
     */
    public static NDArray lookup(NDArray indices, NDArray codebook) {
        return indices.getNDArrayInternal().embedding(indices, codebook, SparseFormat.DENSE).singletonOrThrow();
    }
}

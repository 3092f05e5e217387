package org.vqforge.runner.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Token sequences a prior trains or is evaluated on, one per image, in the order of {@link
 * org.vqforge.api.prior.TokenLayout} (which is the token files' order), with each image's class.
 *
 * @param tokens count x length indices, row-major
 * @param classes count classes; the layout's "no class" for an unconditional prior
 * @param length tokens per sequence
 */
public record TokenSequences(int[] tokens, int[] classes, int length) {

    public TokenSequences {
        if (length < 1 || tokens.length != classes.length * length) {
            throw new IllegalArgumentException(tokens.length + " tokens are not " + classes.length + " sequences of "
                    + length);
        }
    }

    public int count() {
        return classes.length;
    }

    /** The sequences {@code picks} as (B, length) int32, created in {@code manager}. */
    public NDArray tokens(int[] picks, NDManager manager) {
        int[] batch = new int[picks.length * length];
        for (int i = 0; i < picks.length; i++) {
            System.arraycopy(tokens, picks[i] * length, batch, i * length, length);
        }
        return manager.create(batch, new Shape(picks.length, length));
    }

    /** Their classes as (B) int32. */
    public NDArray classes(int[] picks, NDManager manager) {
        int[] batch = new int[picks.length];
        for (int i = 0; i < picks.length; i++) {
            batch[i] = classes[picks[i]];
        }
        return manager.create(batch);
    }

    /** Sequences {@code [from, from + n)}. */
    public static int[] range(int from, int n) {
        int[] picks = new int[n];
        for (int i = 0; i < n; i++) {
            picks[i] = from + i;
        }
        return picks;
    }

    /** {@code n} codes drawn independently from these tokens' unigram distribution (their frequencies). */
    public int[] unigramDraws(int n, int codebookSize, java.util.SplittableRandom random) {
        long[] cumulative = new long[codebookSize];
        for (int t : tokens) {
            cumulative[t]++;
        }
        for (int i = 1; i < codebookSize; i++) {
            cumulative[i] += cumulative[i - 1];
        }
        int[] drawn = new int[n];
        for (int i = 0; i < n; i++) {
            // the first code whose cumulative count exceeds a uniform draw in [0, total)
            long u = random.nextLong(tokens.length);
            int code = java.util.Arrays.binarySearch(cumulative, u);
            drawn[i] = code >= 0 ? code + 1 : -code - 1;
            while (drawn[i] < codebookSize - 1 && cumulative[drawn[i]] <= u) {
                drawn[i]++;
            }
        }
        return drawn;
    }

    /**
     * The entropy in bits of the tokens' empirical distribution: the cross-entropy per token of a
     * prior that ignores every context, the baseline a prior must beat.
     */
    public double unigramEntropyBits(int codebookSize) {
        long[] counts = new long[codebookSize];
        for (int t : tokens) {
            counts[t]++;
        }
        double entropy = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / tokens.length;
                entropy -= p * Math.log(p);
            }
        }
        return entropy / Math.log(2);
    }
}

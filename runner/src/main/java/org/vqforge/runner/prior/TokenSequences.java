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

package org.vqforge.api.quantizer;

import ai.djl.ndarray.NDArray;

/**
 * Counts how often each code was chosen, and the two numbers people read from it: perplexity
 * (exp of the entropy of the code distribution; K when all K codes are used equally) and usage
 * (the fraction of codes chosen at least once). Accumulates across batches for test-set figures.
 */
public final class CodeUsage {

    private final long[] counts;

    /** An empty count for a codebook of {@code codebookSize} codes. */
    public CodeUsage(int codebookSize) {
        if (codebookSize < 1) {
            throw new IllegalArgumentException("codebookSize must be >= 1, got " + codebookSize);
        }
        this.counts = new long[codebookSize];
    }

    /** Counts of one batch of indices (any shape). */
    public static CodeUsage of(NDArray indices, int codebookSize) {
        return new CodeUsage(codebookSize).add(indices);
    }

    /** Adds every index in {@code indices} (any shape, integer type). */
    public CodeUsage add(NDArray indices) {
        for (long i : indices.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray()) {
            add(i);
        }
        return this;
    }

    /** Adds one index. */
    public void add(long index) {
        if (index < 0 || index >= counts.length) {
            throw new IllegalArgumentException("index " + index + " outside [0, " + counts.length + ")");
        }
        counts[(int) index]++;
    }

    /** Total number of indices counted. */
    public long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** exp(-sum p log p) over the counted distribution; 0 when nothing was counted. */
    public double perplexity() {
        long n = total();
        if (n == 0) {
            return 0;
        }
        double entropy = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                entropy -= p * Math.log(p);
            }
        }
        return Math.exp(entropy);
    }

    /** Fraction of the codebook chosen at least once. */
    public double usage() {
        int used = 0;
        for (long c : counts) {
            if (c > 0) {
                used++;
            }
        }
        return (double) used / counts.length;
    }

    /** Number of codes chosen at least once. */
    public int codesUsed() {
        return (int) Math.round(usage() * counts.length);
    }

    /** A copy of the per-code counts. */
    public long[] counts() {
        return counts.clone();
    }
}

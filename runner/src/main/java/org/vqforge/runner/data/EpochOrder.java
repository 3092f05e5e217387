package org.vqforge.runner.data;

import java.util.Random;

/**
 * Which items make up the batch of each step: each epoch is a permutation drawn from the seed and
 * the epoch number alone, so a run resumed at step s sees the same batches as one that never
 * stopped. The remainder of an epoch is dropped, as in the reference.
 */
public final class EpochOrder {

    private final int count;
    private final int batchSize;
    private final long seed;
    private int[] order;
    private int orderEpoch = -1;

    /**
     * @param count the items (images, token sequences)
     * @throws IllegalArgumentException when a batch is empty or larger than the items
     */
    public EpochOrder(int count, int batchSize, long seed) {
        if (batchSize < 1 || batchSize > count) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be in [1, " + count + "]");
        }
        this.count = count;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Full batches per epoch. */
    public int stepsPerEpoch() {
        return count / batchSize;
    }

    /** Which items (indices) make up the batch of global step {@code step}. */
    public int[] picks(long step) {
        int epoch = (int) (step / stepsPerEpoch());
        int index = (int) (step % stepsPerEpoch());
        int[] picks = new int[batchSize];
        System.arraycopy(order(epoch), index * batchSize, picks, 0, batchSize);
        return picks;
    }

    private int[] order(int epoch) {
        if (epoch != orderEpoch) {
            order = permutation(count, new Random(seed * 1_000_003L + epoch));
            orderEpoch = epoch;
        }
        return order;
    }

    /** A Fisher-Yates permutation of 0..n-1. */
    static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}

package org.vqforge.runner.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;

/**
 * Turns an {@link ImageSet} into batches of floats in [0, 1]. The order of each epoch is a
 * permutation drawn from the seed and the epoch number alone, so a run resumed at step s sees the
 * same batches as one that never stopped.
 */
public final class Batches {

    private final ImageSet images;
    private final int batchSize;
    private final long seed;
    private final ByteBuffer staging;
    private int[] order;
    private int orderEpoch = -1;

    /** @throws DataException when there are fewer images than one batch (a small image folder, a low limit) */
    public Batches(ImageSet images, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be at least 1");
        }
        if (batchSize > images.count()) {
            throw new DataException("train.batchSize: " + batchSize + " is more than the " + images.count()
                    + " training images; use at most " + images.count() + " or add images");
        }
        this.images = images;
        this.batchSize = batchSize;
        this.seed = seed;
        // one reusable direct buffer: NDManager.create copies from it, so nothing native leaks
        this.staging = ByteBuffer.allocateDirect(batchSize * images.imageSize() * Float.BYTES)
                .order(ByteOrder.nativeOrder());
    }

    /** Full batches per epoch; the remainder of an epoch is dropped, as in the reference. */
    public int stepsPerEpoch() {
        return images.count() / batchSize;
    }

    /** The batch of global step {@code step}, created in {@code manager}. */
    public NDArray batch(long step, NDManager manager) {
        return gather(picks(step), manager);
    }

    /** Which images (indices into the set) make up the batch of step {@code step}, e.g. to look up their labels. */
    public int[] picks(long step) {
        int epoch = (int) (step / stepsPerEpoch());
        int index = (int) (step % stepsPerEpoch());
        int[] perm = order(epoch);
        int[] picks = new int[batchSize];
        System.arraycopy(perm, index * batchSize, picks, 0, batchSize);
        return picks;
    }

    /** Images {@code [from, from + n)} in file order (for evaluation), created in {@code manager}. */
    public static NDArray range(ImageSet images, int from, int n, NDManager manager) {
        int[] picks = new int[n];
        for (int i = 0; i < n; i++) {
            picks[i] = from + i;
        }
        return gather(images, picks, manager, ByteBuffer.allocateDirect(n * images.imageSize() * Float.BYTES)
                .order(ByteOrder.nativeOrder()));
    }

    private NDArray gather(int[] picks, NDManager manager) {
        return gather(images, picks, manager, staging);
    }

    private static NDArray gather(ImageSet images, int[] picks, NDManager manager, ByteBuffer buffer) {
        int size = images.imageSize();
        byte[] pixels = images.pixels();
        buffer.clear();
        FloatBuffer floats = buffer.asFloatBuffer();
        for (int pick : picks) {
            int base = pick * size;
            for (int i = 0; i < size; i++) {
                floats.put((pixels[base + i] & 0xff) / 255f);
            }
        }
        buffer.limit(picks.length * size * Float.BYTES);
        Shape shape = new Shape(picks.length, images.channels(), images.height(), images.width());
        // a direct buffer is wrapped, not copied, by the engine: copy once so the reused
        // staging buffer never aliases a live batch
        try (NDArray view = manager.create(buffer, shape, DataType.FLOAT32)) {
            return view.duplicate();
        }
    }

    private int[] order(int epoch) {
        if (epoch != orderEpoch) {
            order = permutation(images.count(), new Random(seed * 1_000_003L + epoch));
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

package org.vqforge.runner.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Turns an {@link ImageSet} into batches of floats in [0, 1], in the {@link EpochOrder} of the seed.
 */
public final class Batches {

    private final ImageSet images;
    private final EpochOrder order;
    private final ByteBuffer staging;

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
        this.order = new EpochOrder(images.count(), batchSize, seed);
        // one reusable direct buffer: NDManager.create copies from it, so nothing native leaks
        this.staging = ByteBuffer.allocateDirect(batchSize * images.imageSize() * Float.BYTES)
                .order(ByteOrder.nativeOrder());
    }

    /** Full batches per epoch; the remainder of an epoch is dropped, as in the reference. */
    public int stepsPerEpoch() {
        return order.stepsPerEpoch();
    }

    /** The batch of global step {@code step}, created in {@code manager}. */
    public NDArray batch(long step, NDManager manager) {
        return gather(picks(step), manager);
    }

    /** Which images (indices into the set) make up the batch of step {@code step}, e.g. to look up their labels. */
    public int[] picks(long step) {
        return order.picks(step);
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
}

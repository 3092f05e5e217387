package org.vqforge.api.plugin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Constants for differentiated computations, in memory the engine owns.
 *
 * <p>Why not {@code x.mul(3f)} or {@code manager.create(float[])}: on the CPU, DJL's PyTorch engine
 * wraps a Java direct buffer without copying it, and only the Java array object keeps that buffer
 * alive ({@code mul(Number)} even closes its scalar at once). An operation such as {@code x.mul(c)}
 * saves {@code c} for the backward pass; once the Java side lets go of the buffer, a garbage
 * collection can free it before {@code backward} runs, and the gradient is computed from whatever
 * the memory then holds (seen: one FSQ step in 468 sent a corrupted gradient into the encoder).
 * Arrays from {@code full} and {@code duplicate} own native memory that the autograd graph keeps
 * alive by reference counting, so the Java handles may be closed at any time.
 */
public final class EngineConstants {

    private EngineConstants() {}

    /** A float32 scalar holding {@code value}, on {@code manager}. */
    public static NDArray scalar(NDManager manager, double value) {
        return manager.full(new Shape(), (float) value);
    }

    /** A float32 vector holding {@code values}, on {@code manager}. */
    public static NDArray vector(NDManager manager, float[] values) {
        try (NDArray javaBacked = manager.create(values)) {
            return javaBacked.duplicate();
        }
    }

    /** {@code x * factor}, differentiable with respect to {@code x}. */
    public static NDArray times(NDArray x, double factor) {
        try (NDArray constant = x.getManager().full(new Shape(), (float) factor, x.getDataType())) {
            return x.mul(constant);
        }
    }
}

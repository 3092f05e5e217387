package org.vqforge.api.plugin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplies by a constant the backward pass can safely keep. On the CPU, DJL's PyTorch engine
 * wraps the scalar of {@code x.mul(3f)} around a Java direct buffer without copying and closes it
 * at once; the graph still refers to that memory, and a garbage collection before {@code backward}
 * turns the gradient into whatever the freed memory holds. A scalar made by {@code full} lives in
 * the engine's own memory.
 */
public final class Scaling {

    private Scaling() {}

    /** {@code x * factor}, differentiable with respect to {@code x}. */
    public static NDArray times(NDArray x, float factor) {
        try (NDArray constant = x.getManager().full(new Shape(), factor, x.getDataType())) {
            return x.mul(constant);
        }
    }
}

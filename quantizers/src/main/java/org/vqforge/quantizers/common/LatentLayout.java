package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Moves latents between the network layout (B, D, H, W) and one vector per row (B*H*W, D). */
public final class LatentLayout {

    private LatentLayout() {}

    /** (B, D, H, W) to (B*H*W, D), channels last, rows in (b, h, w) order. */
    public static NDArray toRows(NDArray latents, int dimension) {
        requireLatents(latents, dimension);
        return latents.transpose(0, 2, 3, 1).reshape(-1, dimension);
    }

    /** (B, H, W, D) to (B, D, H, W). */
    public static NDArray channelsFirst(NDArray channelsLast) {
        return channelsLast.transpose(0, 3, 1, 2);
    }

    /** The (B, H, W) grid of the latents (B, D, H, W). */
    public static Shape grid(Shape latents) {
        return new Shape(latents.get(0), latents.get(2), latents.get(3));
    }

    /** Fails unless {@code latents} is (B, dimension, H, W). */
    public static void requireLatents(NDArray latents, int dimension) {
        Shape s = latents.getShape();
        if (s.dimension() != 4 || s.get(1) != dimension) {
            throw new IllegalArgumentException(
                    "expected latents (B, " + dimension + ", H, W), got " + s);
        }
    }
}

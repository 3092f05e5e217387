package org.vqforge.architectures.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * Nearest-neighbour upsampling, which with a following 3x3 convolution stands in for a transposed
 * convolution (the PyTorch engine of DJL has none). Same as {@code nn.Upsample(scale_factor=2)}.
 */
public final class Upsampling {

    private Upsampling() {}

    /** (B, C, H, W) to (B, C, 2H, 2W), each pixel repeated in a 2x2 square. Differentiable. */
    public static NDArray nearest2x(NDArray images) {
        if (images.getShape().dimension() != 4) {
            throw new IllegalArgumentException("expected (B, C, H, W), got " + images.getShape());
        }
        // repeat_interleave on each spatial axis
        return images.repeat(2, 2).repeat(3, 2);
    }

    /** {@link #nearest2x} as a block. */
    public static Block nearest2xBlock() {
        return LambdaBlock.singleton(Upsampling::nearest2x, "Up2");
    }
}

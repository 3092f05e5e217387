package org.vqforge.architectures.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * Nearest-neighbour upsampling, which with a following 3x3 convolution stands in for a transposed
 * convolution (the PyTorch engine of DJL has none). Same as {@code nn.Upsample(scale_factor=2)}.
 */
public final class Upsampling {

    /** DJL's interpolation mode for nearest-neighbour. */
    private static final int NEAREST = 0;

    private Upsampling() {}

    /** (B, C, H, W) to (B, C, 2H, 2W), each pixel repeated in a 2x2 square. Differentiable. */
    public static NDArray nearest2x(NDArray images) {
        if (images.getShape().dimension() != 4) {
            throw new IllegalArgumentException("expected (B, C, H, W), got " + images.getShape());
        }
        Shape s = images.getShape();
        // the engine's nearest interpolation (mode 0): one kernel each way, where two
        // repeat_interleaves copied twice forward and summed over broadcast axes backward
        return images.getNDArrayInternal().interpolation(new long[] {2 * s.get(2), 2 * s.get(3)}, NEAREST, false);
    }

    /** {@link #nearest2x} as a block. */
    public static Block nearest2xBlock() {
        return LambdaBlock.singleton(Upsampling::nearest2x, "Up2");
    }
}

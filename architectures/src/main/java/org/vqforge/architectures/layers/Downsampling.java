package org.vqforge.architectures.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;

/**
 * taming-transformers' {@code Downsample(with_conv=True)}: one row of zeros below and one column
 * to the right, then a 3x3 stride-2 convolution without padding, so an even size 2n becomes n
 * (the same as symmetric padding 1 would give, but with the window aligned to the top left).
 */
public final class Downsampling {

    private Downsampling() {}

    /** (B, C, H, W) to (B, C, H + 1, W + 1), the new row and column zero. Differentiable. */
    public static NDArray padBottomRight(NDArray images) {
        if (images.getShape().dimension() != 4) {
            throw new IllegalArgumentException("expected (B, C, H, W), got " + images.getShape());
        }
        // PyTorch's pad order: (left, right) of the last axis, then (top, bottom) of the one before
        return images.pad(new Shape(0, 1, 0, 1), 0);
    }

    /** Pad then a 3x3 stride-2 convolution keeping {@code channels}. */
    public static Block stride2Conv(int channels) {
        return new SequentialBlock()
                .add(LambdaBlock.singleton(Downsampling::padBottomRight, "PadBottomRight"))
                .add(TorchConv.of(channels, channels, 3, 2, 0));
    }
}

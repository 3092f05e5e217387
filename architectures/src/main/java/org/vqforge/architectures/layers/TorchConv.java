package org.vqforge.architectures.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.initializer.UniformInitializer;

/**
 * Square 2-D convolutions initialised like PyTorch's {@code nn.Conv2d} (weight and bias uniform in
 * +-1/sqrt(fan_in), fan_in = in_channels * k * k), so that training starts where the PyTorch
 * reference starts rather than from DJL's Xavier default.
 */
public final class TorchConv {

    private TorchConv() {}

    /**
     * @param in input channels (sets the initialisation bound; must match the input)
     * @param out output channels
     * @param kernel kernel height and width
     * @param stride stride in both directions
     * @param padding zero padding on every side
     */
    public static Conv2d of(int in, int out, int kernel, int stride, int padding) {
        return of(in, out, kernel, stride, padding, true);
    }

    /**
     * {@link #of(int, int, int, int, int)}, with or without a bias (a convolution followed by a
     * batch norm needs none: the norm subtracts it again).
     */
    public static Conv2d of(int in, int out, int kernel, int stride, int padding, boolean bias) {
        Conv2d conv = Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(out)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(bias)
                .build();
        UniformInitializer init = new UniformInitializer(initBound(in, kernel));
        conv.setInitializer(init, Parameter.Type.WEIGHT);
        if (bias) {
            conv.setInitializer(init, Parameter.Type.BIAS);
        }
        return conv;
    }

    /** 1/sqrt(in * kernel * kernel): kaiming_uniform with a = sqrt(5), as PyTorch does. */
    public static float initBound(int in, int kernel) {
        return (float) (1 / Math.sqrt((double) in * kernel * kernel));
    }
}

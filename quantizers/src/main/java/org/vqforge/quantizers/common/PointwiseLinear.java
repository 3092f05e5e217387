package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;
import java.util.List;

/**
 * A learned 1x1 convolution applied to latent rows: (N, in) to (N, out), {@code rows W + b}.
 * The owning block registers {@link #weight()} and {@link #bias()} with {@code addParameter}.
 *
 * <p>The weight is stored as (in, out), the transpose of PyTorch's (out, in, 1, 1), so that the
 * per-step rows lead the product and its result lands on the step's manager, not the
 * parameters'. Both are initialised as PyTorch's {@code nn.Conv2d} does: uniform in
 * +-1/sqrt(in).
 *
 * <p>Used by the vq (factorised codes), fsq and lfq quantizers for projections in and out of their
 * small code spaces, and by gumbel for its logits.
 */
public final class PointwiseLinear {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param name prefix of the two parameter names ({@code NAME.weight}, {@code NAME.bias})
     * @param in input channels
     * @param out output channels
     */
    public PointwiseLinear(String name, int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + in + " -> " + out);
        }
        this.in = in;
        this.out = out;
        UniformInitializer init = new UniformInitializer(initBound(in));
        this.weight = Parameter.builder()
                .setName(name + ".weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, out))
                .optInitializer(init)
                .build();
        this.bias = Parameter.builder()
                .setName(name + ".bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(out))
                .optInitializer(init)
                .build();
    }

    /** 1/sqrt(in): PyTorch's kaiming_uniform(a = sqrt(5)) bound for a 1x1 kernel, also its bias bound. */
    public static float initBound(int in) {
        return (float) (1 / Math.sqrt(in));
    }

    /** The weight and the bias, for the owning block to add. */
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** The (in, out) weight. */
    public Parameter weight() {
        return weight;
    }

    /** The (out) bias. */
    public Parameter bias() {
        return bias;
    }

    /** Input channels. */
    public int in() {
        return in;
    }

    /** Output channels. */
    public int out() {
        return out;
    }

    /** rows (N, in) to (N, out), on the rows' manager, differentiable in the rows, weight and bias. */
    public NDArray apply(NDArray rows) {
        return rows.matMul(weight.getArray()).add(bias.getArray());
    }
}

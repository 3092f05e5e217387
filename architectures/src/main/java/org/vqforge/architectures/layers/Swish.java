package org.vqforge.architectures.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * Swish with beta 1 (SiLU): x * sigmoid(x), taming-transformers' {@code nonlinearity}. Written
 * out rather than DJL's {@code swish(beta)}, which multiplies by a Java-backed scalar that the
 * backward pass needs (see {@code EngineConstants}).
 */
public final class Swish {

    private Swish() {}

    /** x * sigmoid(x), element-wise and differentiable. */
    public static NDArray apply(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** {@link #apply} as a block. */
    public static Block block() {
        return LambdaBlock.singleton(Swish::apply, "Swish");
    }
}

package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;

/** The straight-through estimator. */
public final class StraightThrough {

    private StraightThrough() {}

    /**
     * z + sg(q - z): the value of {@code quantized} with the gradient of {@code latents}, so the
     * encoder learns through the non-differentiable code choice.
     */
    public static NDArray apply(NDArray latents, NDArray quantized) {
        return latents.add(quantized.sub(latents).stopGradient());
    }
}

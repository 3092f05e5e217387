package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;

/** L2 normalisation along one axis, as used by cosine-distance codebooks. */
public final class UnitVectors {

    /** Norms below this are treated as this, so a zero vector stays zero instead of NaN. */
    public static final float MIN_NORM = 1e-12f;

    private UnitVectors() {}

    /** x / max(||x||, MIN_NORM) along {@code axis}; differentiable. */
    public static NDArray normalize(NDArray x, int axis) {
        return x.div(norm(x, axis));
    }

    /**
     * max(||x||, MIN_NORM) along {@code axis}, kept as a size-1 axis. The clamp comes before the
     * square root, so the gradient stays finite at zero.
     */
    public static NDArray norm(NDArray x, int axis) {
        return x.square().sum(new int[] {axis}, true).maximum(MIN_NORM * MIN_NORM).sqrt();
    }
}

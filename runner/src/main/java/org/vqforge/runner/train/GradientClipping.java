package org.vqforge.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.Collection;

/** Scales gradients so that their global L2 norm is at most a bound, as torch's clip_grad_norm_ does. */
public final class GradientClipping {

    /** Added to the norm before dividing, as torch does, so a bound equal to the norm scales by just under 1. */
    static final double EPSILON = 1e-6;

    private GradientClipping() {}

    /** The L2 norm of all the parameters' gradients taken together. */
    public static double globalNorm(Collection<Parameter> parameters) {
        double squares = 0;
        for (Parameter p : parameters) {
            try (NDArray grad = p.getArray().getGradient(); NDArray square = grad.square(); NDArray sum = square.sum()) {
                squares += sum.getFloat();
            }
        }
        return Math.sqrt(squares);
    }

    /**
     * Scales every gradient in place by {@code maxNorm / (norm + 1e-6)} when the global norm exceeds
     * {@code maxNorm}; does nothing when {@code maxNorm} is 0.
     *
     * @return the global norm before clipping (0 when clipping is off, since it is not computed)
     */
    public static double clip(Collection<Parameter> parameters, double maxNorm) {
        if (maxNorm <= 0) {
            return 0;
        }
        double norm = globalNorm(parameters);
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + EPSILON));
            for (Parameter p : parameters) {
                try (NDArray grad = p.getArray().getGradient()) {
                    grad.muli(scale);
                }
            }
        }
        return norm;
    }
}

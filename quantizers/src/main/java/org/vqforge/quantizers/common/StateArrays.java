package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Reads and writes a quantizer's state (EMA statistics, usage counts, a codebook it resets) inside
 * a training step, without recording gradients and without leaving arrays on the model's
 * long-lived manager.
 */
public final class StateArrays {

    private StateArrays() {}

    /**
     * A detached alias of {@code state} that belongs to {@code step}: operations it leads land on
     * the step's manager, and in-place operations on it ({@code muli}, {@code addi}) write the
     * state itself, since the alias shares its storage.
     */
    public static NDArray view(NDArray state, NDManager step) {
        NDArray alias = state.stopGradient();
        alias.attach(step);
        return alias;
    }

    /**
     * Overwrites every element of {@code state} with {@code value} (same shape) in place, so the
     * parameter keeps its array (and, for a trainable one, its gradient and optimiser slot).
     */
    public static void assign(NDArray state, NDArray value) {
        if (!state.getShape().equals(value.getShape())) {
            throw new IllegalArgumentException("cannot write " + value.getShape() + " into " + state.getShape());
        }
        // the alias does not require gradients, so the copy is not recorded even in a training step
        try (NDArray alias = state.stopGradient(); NDArray detached = value.stopGradient()) {
            alias.set(new NDIndex(":"), detached);
        }
    }
}

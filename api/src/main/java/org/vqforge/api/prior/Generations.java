package org.vqforge.api.prior;

import ai.djl.ndarray.NDArray;

/**
 * Argument checks every {@link Generation} makes, so that cached and uncached generations fail
 * alike on misuse.
 */
public final class Generations {

    private Generations() {}

    /**
     * The batch size of a generation for {@code classes}.
     *
     * @throws IllegalArgumentException unless classes is a non-empty (B) vector
     */
    public static int batchOf(NDArray classes) {
        if (classes == null || classes.getShape().dimension() != 1 || classes.getShape().get(0) < 1) {
            throw new IllegalArgumentException("a generation needs classes of shape (B), got "
                    + (classes == null ? "null" : classes.getShape()) + " (use layout.noClass() for unconditional rows)");
        }
        return Math.toIntExact(classes.getShape().get(0));
    }

    /**
     * Checks one call of {@link Generation#next}.
     *
     * @param position the position whose logits the call returns
     * @param length the sequence length
     * @param drawn the tokens passed in
     * @param batch the generation's batch size
     */
    public static void checkStep(int position, int length, NDArray drawn, int batch) {
        if (position >= length) {
            throw new IllegalStateException("all " + length + " positions have been generated");
        }
        if ((position == 0) != (drawn == null)) {
            throw new IllegalStateException(position == 0
                    ? "the first step takes no drawn tokens (null)"
                    : "step " + position + " needs the tokens drawn at position " + (position - 1));
        }
        if (drawn != null && (drawn.getShape().dimension() != 1 || drawn.getShape().get(0) != batch)) {
            throw new IllegalArgumentException("drawn tokens must have shape (" + batch + "), got " + drawn.getShape());
        }
    }
}

package org.vqforge.api.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The bookkeeping of a {@link Generation}, so a prior writes only {@link #step}: argument checks,
 * the position counter, a manager per step for the intermediates, and float32 logits handed to
 * the caller's manager.
 */
public abstract class AbstractGeneration implements Generation {

    private final NDManager manager;
    private final int length;
    private final int batch;
    private int position;

    /**
     * @param classes the (B) classes the generation was started with
     * @param length the sequence length
     * @param manager the caller's manager, which receives the logits
     * @throws IllegalArgumentException unless classes is a non-empty (B) vector
     */
    protected AbstractGeneration(NDArray classes, int length, NDManager manager) {
        if (classes == null || classes.getShape().dimension() != 1 || classes.getShape().get(0) < 1) {
            throw new IllegalArgumentException("a generation needs classes of shape (B), got "
                    + (classes == null ? "null" : classes.getShape())
                    + " (use layout.noClass() for unconditional rows)");
        }
        this.batch = Math.toIntExact(classes.getShape().get(0));
        this.length = length;
        this.manager = manager;
    }

    /**
     * The logits (B, codebookSize) of token {@code position}.
     *
     * @param drawn the (B) tokens drawn at {@code position - 1}; null at position 0
     * @param step a manager closed after the call, for intermediates
     */
    protected abstract NDArray step(NDArray drawn, int position, NDManager step);

    @Override
    public final NDArray next(NDArray drawn) {
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
        try (NDManager scratch = manager.newSubManager()) {
            NDArray logits = step(drawn, position, scratch).toType(DataType.FLOAT32, true);
            logits.attach(manager);
            position++;
            return logits;
        }
    }

    @Override
    public final int position() {
        return position;
    }

    /** B, the number of sequences generated. */
    protected final int batch() {
        return batch;
    }

    /** The caller's manager. */
    protected final NDManager manager() {
        return manager;
    }

    /** Frees nothing by default. */
    @Override
    public void close() {
        // no state outside the steps
    }
}

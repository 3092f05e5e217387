package org.vqforge.api.prior;

import ai.djl.ndarray.NDArray;

/**
 * Token-by-token sampling state of a {@link Prior}, from {@link Prior#start} or {@link
 * Prior#startUncached}. The caller draws each token from the logits it gets (temperature, top-k,
 * guidance are the caller's business) and feeds it back:
 *
 * <pre>{@code
 * try (Generation g = prior.start(parameters, classes, manager)) {
 *     NDArray drawn = null;
 *     for (int s = 0; s < prior.layout().length(); s++) {
 *         NDArray logits = g.next(drawn); // (B, codebookSize) for token s
 *         drawn = pick(logits);          // (B) integers
 *     }
 * }
 * }</pre>
 *
 * Not thread-safe; meant to run outside a gradient collector (inference only).
 */
public interface Generation extends AutoCloseable {

    /**
     * Takes the tokens drawn for the previous position and returns the logits for the next one.
     *
     * @param drawn the (B) integer tokens drawn from the logits of the previous call; null on the
     *     first call, which returns the logits of token 0
     * @return logits (B, codebookSize), float32, on the manager given to {@code start}; the caller
     *     may close them
     * @throws IllegalStateException when called again after the last position's logits, or with
     *     null after the first call (or non-null on the first)
     * @throws IllegalArgumentException when {@code drawn} is not a (B) vector
     */
    NDArray next(NDArray drawn);

    /** The sequence index whose logits the next call to {@link #next} returns (0 at the start). */
    int position();

    /** Frees the state (e.g. a key/value cache). */
    @Override
    void close();
}

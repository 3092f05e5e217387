package org.vqforge.api.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * An autoregressive model over token sequences (the code indices of images, laid out as {@link
 * TokenLayout} says), optionally conditioned on a class. It is a DJL {@link Block}: the runner
 * initialises it with an input shape (1, {@code layout.length()}), trains its parameters, and
 * saves and restores them like every other network's. Its block form maps {@code NDList(tokens)}
 * or {@code NDList(tokens, classes)} to {@code NDList(logits)} (see {@link AbstractPrior}).
 *
 * <p>Parameters must be read through the {@link ParameterStore} passed in ({@code
 * store.getValue(parameter, device, training)}), as every DJL block does. A prior may refuse a
 * store that hands out another type than float32 (the built-in ones do, with a message: DJL's JNI
 * cannot name bfloat16, so their float32 constants cannot follow it).
 */
public interface Prior extends Block {

    /** The sequences it models. */
    TokenLayout layout();

    /**
     * Teacher-forced logits: position {@code s} predicts token {@code s} from tokens {@code < s}
     * and the class only (the prior shifts internally, with the class embedding or a learned start
     * token in front). Changing token {@code s} never changes the logits at positions {@code <= s}.
     *
     * @param parameters where the parameters are read from
     * @param tokens (B, layout.length()) integers in [0, codebookSize)
     * @param classes (B) integers in [0, classes], where {@code layout.noClass()} means "no class";
     *     null means "no class" for every row. In training a conditional prior replaces each class
     *     by "no class" with its class-dropout probability (for classifier-free guidance)
     * @param training whether dropout and class dropout apply
     * @return logits (B, layout.length(), codebookSize), float32 unless the store computes in
     *     another type
     */
    NDArray logits(ParameterStore parameters, NDArray tokens, NDArray classes, boolean training);

    /**
     * Starts sampling with the fastest state the prior has (a key/value cache for a transformer).
     * The default recomputes the logits of the whole prefix at every step, as {@link
     * #startUncached} does. Both must give the same logits up to float rounding. For
     * classifier-free guidance start with 2B rows (the B classes, then B "no class" rows), draw
     * from {@code uncond + scale * (cond - uncond)} of each step's logits, and feed each drawn
     * token back to both of its rows.
     *
     * @param parameters where the parameters are read from
     * @param classes (B) integers in [0, classes]; {@code layout.noClass()} for unconditional rows
     *     (every row of an unconditional prior)
     * @param manager owns the returned logits; the generation's own state lives on a child of it
     */
    default Generation start(ParameterStore parameters, NDArray classes, NDManager manager) {
        return startUncached(parameters, classes, manager);
    }

    /**
     * Starts sampling without any cache: each step runs {@link #logits} over the tokens drawn so
     * far (later positions zero, which causality makes irrelevant). The reference that {@link
     * #start} is tested against; L forward passes for a sequence of L tokens.
     */
    default Generation startUncached(ParameterStore parameters, NDArray classes, NDManager manager) {
        return new RecomputedGeneration(this, parameters, classes, manager);
    }
}

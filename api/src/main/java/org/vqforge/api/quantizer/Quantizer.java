package org.vqforge.api.quantizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * A vector quantizer. It is a DJL {@link Block}, so its trainable codebook and any non-gradient
 * state (EMA statistics, as parameters that do not require gradients) are initialised, saved
 * and restored with the model's checkpoint like every other parameter.
 *
 * <p>Arrays produced by operations whose first operand is a parameter belong to the parameter's
 * (long-lived) manager: attach them to the input's manager ({@code latents.getManager()}) so
 * that they are freed with the training step.
 */
public interface Quantizer extends Block {

    /** The channels of the latents it quantizes. */
    int dimension();

    /** The number of codes each index can take (for implicit codebooks, their product). */
    int codebookSize();

    /**
     * Quantizes latents of shape (B, dimension, H, W). In training it may update its own state
     * (EMA statistics, dead-code restarts); in evaluation it must not.
     */
    QuantizerOutput quantize(NDArray latents, StepInfo step);

    /**
     * The shape of the indices {@link #quantize} returns for latents of shape (B, dimension, H, W):
     * (B, H, W) unless the quantizer has several indices per position (levels, heads), as
     * (B, planes, H, W).
     */
    default Shape indexShape(Shape latents) {
        return new Shape(latents.get(0), latents.get(2), latents.get(3));
    }

    /** Maps indices as returned in {@link QuantizerOutput#indices()} back to latents (B, dimension, H, W). */
    NDArray lookup(NDArray indices);
}

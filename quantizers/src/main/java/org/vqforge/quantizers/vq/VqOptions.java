package org.vqforge.quantizers.vq;

import org.vqforge.quantizers.common.CodebookOptions;

/**
 * The options of {@link VqQuantizer} beyond the codebook size and beta.
 *
 * @param distance how the nearest code is found
 * @param codebookDim 0: codes live in the latent space; else the dimension of a learned
 *     low-dimensional code space the latents are projected into (and back out of)
 * @param codebook k-means initialisation and dead-code restart
 * @param rotationTrick pass gradients through the rotation trick instead of the straight-through copy
 */
public record VqOptions(Distance distance, int codebookDim, CodebookOptions codebook, boolean rotationTrick) {

    /** Nearest-code metrics. */
    public enum Distance {
        /** Squared Euclidean distance between latents and codes. */
        L2,
        /** Angle: latents and codes are l2-normalised, and the quantizer works on the unit vectors. */
        COSINE
    }

    public VqOptions {
        if (distance == null || codebook == null || codebookDim < 0) {
            throw new IllegalArgumentException("need a distance, codebook options and codebookDim >= 0; got "
                    + distance + ", " + codebook + ", " + codebookDim);
        }
    }

    /** The foundation's plain VQ: l2, no projection, uniform initialisation, no restarts, straight-through. */
    public static VqOptions plain() {
        return new VqOptions(Distance.L2, 0, CodebookOptions.none(), false);
    }
}

package org.vqforge.api.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The shape of the token sequences a prior models: the code indices of one image as the
 * tokenizer's quantizer writes them, flattened into one sequence.
 *
 * <p>Sequence order: position-major, plane-minor. Positions run row-major over the H x W grid of
 * latents; at each position come its {@code planes} indices (residual levels coarse to fine, or
 * product heads in order). Token {@code s} of a sequence is the index of plane {@code s % planes}
 * at row {@code (s / planes) / width}, column {@code (s / planes) % width}, which is the order
 * of {@code indices.transpose(0, 2, 3, 1).reshape(B, -1)} for quantizer indices (B, planes, H, W)
 * and of {@code indices.reshape(B, -1)} for (B, H, W): {@link #toSequences} and {@link
 * #toIndices} convert.
 *
 * @param height rows of the latent grid
 * @param width columns of the latent grid
 * @param planes indices per position: 1 for plain quantizers, the levels of a residual quantizer,
 *     the heads of a product quantizer
 * @param codebookSize the values each index takes, {@code [0, codebookSize)} (shared by every
 *     plane)
 * @param classes the number of classes a conditional prior is conditioned on, 0 for an
 *     unconditional one; class {@code classes} itself is the "no class" index (see {@link
 *     #noClass()})
 */
public record TokenLayout(int height, int width, int planes, int codebookSize, int classes) {

    public TokenLayout {
        if (height < 1 || width < 1 || planes < 1 || codebookSize < 2 || classes < 0) {
            throw new IllegalArgumentException("a token layout needs height, width, planes >= 1, codebookSize >= 2"
                    + " and classes >= 0, got " + height + "x" + width + "x" + planes + ", codebook "
                    + codebookSize + ", classes " + classes);
        }
        if ((long) height * width * planes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequences of " + height + "x" + width + "x" + planes + " are too long");
        }
    }

    /** Tokens per sequence: height * width * planes. */
    public int length() {
        return height * width * planes;
    }

    /**
     * The class index meaning "no class": {@link #classes()}. Unconditional rows use it, and class
     * dropout (for classifier-free guidance) substitutes it for the real class in training.
     */
    public int noClass() {
        return classes;
    }

    /** Whether the prior is conditioned on a class. */
    public boolean conditional() {
        return classes > 0;
    }

    /**
     * The layout of a quantizer's indices.
     *
     * @param indexShape what {@code Quantizer.indexShape} returns: (B, H, W) or (B, planes, H, W)
     * @param codebookSize the values each index takes ({@code Quantizer.codebookSize()})
     * @param classes the classes to condition on, 0 for none
     */
    public static TokenLayout of(Shape indexShape, int codebookSize, int classes) {
        int rank = indexShape.dimension();
        if (rank != 3 && rank != 4) {
            throw new IllegalArgumentException(
                    "quantizer indices are (B, H, W) or (B, planes, H, W), got " + indexShape);
        }
        int planes = rank == 3 ? 1 : Math.toIntExact(indexShape.get(1));
        return new TokenLayout(Math.toIntExact(indexShape.get(rank - 2)), Math.toIntExact(indexShape.get(rank - 1)),
                planes, codebookSize, classes);
    }

    /** Quantizer indices (B, H, W) or (B, planes, H, W) as sequences (B, length()) in this order. */
    public NDArray toSequences(NDArray indices) {
        Shape s = indices.getShape();
        checkIndexShape(s);
        NDArray positionMajor = s.dimension() == 3 ? indices : indices.transpose(0, 2, 3, 1);
        return positionMajor.reshape(s.get(0), length());
    }

    /**
     * Sequences (B, length()) back to quantizer indices of the rank of {@code indexShape}: (B, H,
     * W) or (B, planes, H, W), e.g. for {@code Quantizer.lookup}.
     *
     * @param indexShape the quantizer's index shape for any batch size
     */
    public NDArray toIndices(NDArray sequences, Shape indexShape) {
        checkIndexShape(indexShape);
        Shape s = sequences.getShape();
        if (s.dimension() != 2 || s.get(1) != length()) {
            throw new IllegalArgumentException("expected sequences (B, " + length() + "), got " + s);
        }
        NDArray grid = sequences.reshape(s.get(0), height, width, planes);
        return indexShape.dimension() == 3 ? grid.reshape(s.get(0), height, width) : grid.transpose(0, 3, 1, 2);
    }

    private void checkIndexShape(Shape s) {
        boolean matches = s.dimension() == 3
                ? planes == 1 && s.get(1) == height && s.get(2) == width
                : s.dimension() == 4 && s.get(1) == planes && s.get(2) == height && s.get(3) == width;
        if (!matches) {
            throw new IllegalArgumentException("indices " + s + " do not fit " + this + " (expected (B, "
                    + (planes == 1 ? "" : planes + ", ") + height + ", " + width + "))");
        }
    }
}

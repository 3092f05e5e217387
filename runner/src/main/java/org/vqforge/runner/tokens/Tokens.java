package org.vqforge.runner.tokens;

import java.util.Arrays;
import java.util.Objects;

/**
 * The code indices of a set of images, with their labels where the dataset has them.
 *
 * <p>The indices are position-major, plane-minor: index {@code (image, y, x, plane)} is at
 * {@code ((image * height + y) * width + x) * planes + plane}, so the {@code planes} indices of one
 * position (the levels of a residual quantizer, coarse to fine; the heads of a product quantizer,
 * in channel order) lie next to each other and a prior reads one image as a sequence of
 * {@code height * width} positions in raster order.
 *
 * @param header shape, ranges and origin
 * @param indices {@code count * height * width * planes} indices, each in [0, codebookSize)
 * @param labels one label per image, each in [0, classes), or none (length 0) when the header has
 *     no classes
 */
public record Tokens(TokenHeader header, int[] indices, int[] labels) {

    public Tokens {
        Objects.requireNonNull(header, "header");
        long expected = (long) header.count() * header.indicesPerImage();
        if (indices.length != expected) {
            throw new IllegalArgumentException(indices.length + " indices for shape [" + header.count() + ", "
                    + header.height() + ", " + header.width() + ", " + header.planes() + "] (" + expected + ")");
        }
        int expectedLabels = header.hasLabels() ? header.count() : 0;
        if (labels.length != expectedLabels) {
            throw new IllegalArgumentException(labels.length + " labels for " + header.count() + " images with "
                    + header.classes() + " classes (" + expectedLabels + " expected)");
        }
        requireRange(indices, header.codebookSize(), "index");
        requireRange(labels, header.classes(), "label");
    }

    /** The index of plane {@code plane} at position {@code (y, x)} of image {@code image}. */
    public int index(int image, int y, int x, int plane) {
        TokenHeader h = header;
        return indices[((image * h.height() + y) * h.width() + x) * h.planes() + plane];
    }

    /**
     * The {@code height * width * planes} indices of image {@code image} as one sequence in the
     * file's order: positions in raster order, the planes of each position together.
     */
    public int[] sequence(int image) {
        int per = header.indicesPerImage();
        return Arrays.copyOfRange(indices, image * per, (image + 1) * per);
    }

    /** Images {@code [from, from + n)}: their indices and labels, as their own token set. */
    public Tokens range(int from, int n) {
        if (from < 0 || n < 0 || from + n > header.count()) {
            throw new IllegalArgumentException("images " + from + " to " + (from + n - 1) + " are not all in [0, "
                    + header.count() + ")");
        }
        int per = header.indicesPerImage();
        int[] part = Arrays.copyOfRange(indices, from * per, (from + n) * per);
        int[] partLabels = header.hasLabels() ? Arrays.copyOfRange(labels, from, from + n) : new int[0];
        return new Tokens(header.withCount(n), part, partLabels);
    }

    private static void requireRange(int[] values, int bound, String what) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= bound) {
                throw new IllegalArgumentException(what + " " + i + " is " + values[i] + ", outside [0, " + bound + ")");
            }
        }
    }
}

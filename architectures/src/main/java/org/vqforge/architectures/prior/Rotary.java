package org.vqforge.architectures.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding (Su et al. 2021, RoFormer) in the "rotate half" form of GPT-NeoX and
 * LLaMA: the head's channels are split in halves (x1, x2) and pair i = (x1[i], x2[i]) is rotated
 * by the angle {@code position * base^(-2i / headDim)}. Queries and keys so rotated make their
 * dot product depend on the positions' difference only.
 */
final class Rotary {

    /** The frequency base of RoFormer. */
    static final double BASE = 10000;

    private Rotary() {}

    /** The angle of channel pair {@code pair} at {@code position}. */
    static double angle(int position, int pair, int headDim) {
        return position * Math.pow(BASE, -2.0 * pair / headDim);
    }

    /**
     * Rotates {@code x} (B, heads, T, headDim), whose T rows are the positions {@code offset,
     * offset + 1, ...}.
     */
    static NDArray rotate(NDArray x, int offset) {
        Shape shape = x.getShape();
        int positions = Math.toIntExact(shape.get(2));
        int headDim = Math.toIntExact(shape.get(3));
        int half = headDim / 2;
        float[] cos = new float[positions * headDim];
        float[] sin = new float[positions * headDim];
        for (int t = 0; t < positions; t++) {
            for (int i = 0; i < half; i++) {
                double a = angle(offset + t, i, headDim);
                cos[t * headDim + i] = (float) Math.cos(a);
                cos[t * headDim + half + i] = (float) Math.cos(a);
                sin[t * headDim + i] = (float) Math.sin(a);
                sin[t * headDim + half + i] = (float) Math.sin(a);
            }
        }
        Shape table = new Shape(1, 1, positions, headDim);
        try (NDArray c = Constants.floats(x.getManager(), cos, table).toType(x.getDataType(), false);
                NDArray s = Constants.floats(x.getManager(), sin, table).toType(x.getDataType(), false)) {
            NDArray x1 = x.get(new NDIndex("..., :{}", half));
            NDArray x2 = x.get(new NDIndex("..., {}:", half));
            // rotate_half(x) = (-x2, x1)
            NDArray rotated = x2.neg().concat(x1, 3);
            return x.mul(c).add(rotated.mul(s));
        }
    }
}

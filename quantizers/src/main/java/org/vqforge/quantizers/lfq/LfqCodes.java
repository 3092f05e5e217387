package org.vqforge.quantizers.lfq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.vqforge.api.plugin.EngineConstants;

/**
 * The implicit codebook of lookup-free quantization: every vector in {-1, +1}^bits is a code; the
 * index of a code sets bit i (weight 2^i) when its channel i is +1.
 */
public final class LfqCodes {

    private final int bits;

    /** @param bits 1 to 30, so that every index is an {@code int} */
    public LfqCodes(int bits) {
        if (bits < 1 || bits > 30) {
            throw new IllegalArgumentException("bits must be in [1, 30], got " + bits);
        }
        this.bits = bits;
    }

    /** Number of channels of a code. */
    public int bits() {
        return bits;
    }

    /** 2^bits. */
    public int codebookSize() {
        return 1 << bits;
    }

    /** +1 where z > 0, else -1 (zero goes to -1, so every value is a code); z is (N, bits). */
    public static NDArray sign(NDArray z) {
        try (NDArray positive = z.stopGradient().gt(0f).toType(DataType.FLOAT32, false)) {
            return positive.mul(2).sub(1);
        }
    }

    /** Codes (N, bits) of +-1 to indices (N), int64. */
    public NDArray toIndices(NDArray codes) {
        NDManager m = codes.getManager();
        try (NDArray weights = m.create(powersOfTwo());
                NDArray set = codes.stopGradient().gt(0f).toType(DataType.INT64, false)) {
            return set.mul(weights).sum(new int[] {1});
        }
    }

    /** Indices of any shape S (integer type) to codes S + (bits) of +-1, float32. */
    public NDArray toCodes(NDArray indices) {
        NDManager m = indices.getManager();
        Shape shape = indices.getShape();
        double[] weights = new double[bits];
        for (int i = 0; i < bits; i++) {
            weights[i] = 1L << i;
        }
        // float64 holds every index below 2^31 exactly, so floor division is exact
        try (NDArray column = indices.toType(DataType.FLOAT64, false).reshape(-1, 1);
                NDArray w = m.create(weights);
                NDArray bit = column.div(w).floor().mod(2)) {
            return bit.mul(2).sub(1).toType(DataType.FLOAT32, false).reshape(shape.add(bits));
        }
    }

    /**
     * Every code as a column: (bits, 2^bits), column c holding the code of index c, in engine
     * memory (it is saved for the backward pass; see EngineConstants). Built on {@code manager}
     * per step: it is small next to the (N, 2^bits) distribution it feeds.
     */
    public NDArray allCodesByColumn(NDManager manager) {
        int size = codebookSize();
        float[] values = new float[bits * size];
        for (int i = 0; i < bits; i++) {
            for (int c = 0; c < size; c++) {
                values[i * size + c] = ((c >> i) & 1) == 1 ? 1f : -1f;
            }
        }
        return EngineConstants.vector(manager, values).reshape(bits, size);
    }

    /** The code of {@code index} in plain Java. */
    public float[] code(long index) {
        if (index < 0 || index >= codebookSize()) {
            throw new IllegalArgumentException("index " + index + " outside [0, " + codebookSize() + ")");
        }
        float[] code = new float[bits];
        for (int i = 0; i < bits; i++) {
            code[i] = ((index >> i) & 1) == 1 ? 1f : -1f;
        }
        return code;
    }

    private long[] powersOfTwo() {
        long[] out = new long[bits];
        for (int i = 0; i < bits; i++) {
            out[i] = 1L << i;
        }
        return out;
    }
}

package org.vqforge.quantizers.fsq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.vqforge.api.plugin.EngineConstants;
import org.vqforge.quantizers.common.StraightThrough;

/**
 * The implicit codebook of finite scalar quantization (Mentzer et al. 2023): channel i takes
 * {@code levels[i]} values, the codebook is their grid of prod(levels) codes.
 *
 * <p>Bounding, per channel with L levels: half_l = (L - 1)(1 - eps)/2, offset = 0.5 for even L
 * and 0 for odd L, shift = atanh(offset / half_l), bounded = tanh(z + shift) half_l - offset.
 * Rounding the bounded value gives exactly L integers (-L/2 .. L/2 - 1 for even L, -(L-1)/2 ..
 * (L-1)/2 for odd L); dividing by half_width = L / 2 (integer division) puts the codes in
 * [-1, 1]. The shift uses atanh, which centres tanh's range on the L integers (the paper's
 * listing has tan there; this is the corrected form). The index of a code is the mixed-radix
 * number sum_i digit_i basis_i with digit_i = code_i half_width_i + half_width_i in [0, L_i) and
 * basis_i = L_0 ... L_{i-1}.
 */
public final class FsqLevels {

    /** Keeps the bounded values strictly inside the outer rounding intervals. */
    public static final double EPS = 1e-3;

    private final int[] levels;
    private final int[] halfWidth;
    private final long[] basis;
    private final long size;
    private final float[] halfL;
    private final float[] offset;
    private final float[] shift;

    /** @param levels each >= 2, with a product of at most {@link Integer#MAX_VALUE} */
    public FsqLevels(List<Integer> levels) {
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("levels must not be empty");
        }
        this.levels = levels.stream().mapToInt(Integer::intValue).toArray();
        int d = this.levels.length;
        this.halfWidth = new int[d];
        this.basis = new long[d];
        this.halfL = new float[d];
        this.offset = new float[d];
        this.shift = new float[d];
        long product = 1;
        for (int i = 0; i < d; i++) {
            int l = this.levels[i];
            if (l < 2) {
                throw new IllegalArgumentException("every level must be >= 2, got " + levels);
            }
            basis[i] = product;
            product = Math.multiplyExact(product, l);
            if (product > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("prod(levels) of " + levels + " exceeds " + Integer.MAX_VALUE);
            }
            halfWidth[i] = l / 2;
            double h = halfLevel(l);
            double o = offset(l);
            halfL[i] = (float) h;
            offset[i] = (float) o;
            shift[i] = (float) atanh(o / h);
        }
        this.size = product;
    }

    /** The product of the levels, or -1 when it exceeds {@link Integer#MAX_VALUE} (no overflow). */
    public static long product(List<Integer> levels) {
        long product = 1;
        for (int l : levels) {
            product *= l;
            if (product > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return product;
    }

    /** (L - 1)(1 - eps)/2. */
    public static double halfLevel(int level) {
        return (level - 1) * (1 - EPS) / 2;
    }

    /** 0.5 for even L (its integers are not centred on 0), 0 for odd L. */
    public static double offset(int level) {
        return level % 2 == 0 ? 0.5 : 0.0;
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }

    /** Number of channels. */
    public int channels() {
        return levels.length;
    }

    /** prod(levels). */
    public int codebookSize() {
        return (int) size;
    }

    /** The levels. */
    public int[] levels() {
        return levels.clone();
    }

    /** L_i / 2 (integer division) per channel. */
    public int[] halfWidths() {
        return halfWidth.clone();
    }

    /** tanh(z + shift) half_l - offset per channel; z is (N, channels). */
    public NDArray bound(NDArray z) {
        NDManager m = z.getManager();
        // half_l is saved for the backward pass: engine-owned memory (see EngineConstants)
        try (NDArray h = EngineConstants.vector(m, halfL);
                NDArray o = EngineConstants.vector(m, offset);
                NDArray s = EngineConstants.vector(m, shift)) {
            return z.add(s).tanh().mul(h).sub(o);
        }
    }

    /**
     * Rounds bounded values (N, channels) to integers with the straight-through estimator: the
     * value of round(b), the gradient of b.
     */
    public static NDArray roundStraightThrough(NDArray bounded) {
        try (NDArray rounded = bounded.stopGradient().round()) {
            return StraightThrough.apply(bounded, rounded);
        }
    }

    /** Integers (N, channels) as returned by rounding to codes in [-1, 1]: divided by half_width. */
    public NDArray normalise(NDArray integers) {
        try (NDArray hw = EngineConstants.vector(integers.getManager(), toFloats(halfWidth))) {
            return integers.div(hw);
        }
    }

    /** Rounded integers (N, channels) to indices (N), int64; not differentiated. */
    public NDArray toIndices(NDArray integers) {
        NDManager m = integers.getManager();
        // nothing here is differentiated, so Java-backed constants may be closed once it has run
        try (NDArray hw = m.create(toLongs(halfWidth));
                NDArray b = m.create(basis);
                NDArray digits = integers.stopGradient().round().toType(DataType.INT64, false).add(hw)) {
            return digits.mul(b).sum(new int[] {digits.getShape().dimension() - 1});
        }
    }

    /** Indices of any shape S (integer type) to codes S + (channels) in [-1, 1], float32. */
    public NDArray toCodes(NDArray indices) {
        NDManager m = indices.getManager();
        Shape shape = indices.getShape();
        // float64 holds every index below 2^31 exactly, so floor division is exact
        try (NDArray column = indices.toType(DataType.FLOAT64, false).reshape(-1, 1);
                NDArray b = m.create(toDoubles(basis));
                NDArray l = m.create(toDoubles(levels));
                NDArray hw = m.create(toDoubles(halfWidth));
                NDArray digits = column.div(b).floor().mod(l);
                NDArray codes = digits.sub(hw).div(hw)) {
            return codes.toType(DataType.FLOAT32, false).reshape(shape.add(levels.length));
        }
    }

    /** The code of {@code index} in plain Java (for checks and tests). */
    public float[] code(long index) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " outside [0, " + size + ")");
        }
        float[] code = new float[levels.length];
        for (int i = 0; i < levels.length; i++) {
            long digit = index / basis[i] % levels[i];
            code[i] = (float) (digit - halfWidth[i]) / halfWidth[i];
        }
        return code;
    }

    @Override
    public String toString() {
        return "FsqLevels" + Arrays.toString(levels);
    }

    private static float[] toFloats(int[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static long[] toLongs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }

    private static double[] toDoubles(int[] values) {
        return Arrays.stream(values).asDoubleStream().toArray();
    }

    private static double[] toDoubles(long[] values) {
        return Arrays.stream(values).asDoubleStream().toArray();
    }
}

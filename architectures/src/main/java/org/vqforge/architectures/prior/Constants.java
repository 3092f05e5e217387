package org.vqforge.architectures.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.vqforge.api.plugin.EngineConstants;

/** Constant arrays the priors build per pass, in engine-owned memory (see {@link EngineConstants}). */
final class Constants {

    private Constants() {}

    /** Integers as an int32 array of {@code shape}. */
    static NDArray ints(NDManager manager, int[] values, Shape shape) {
        try (NDArray javaBacked = manager.create(values, shape)) {
            return javaBacked.duplicate();
        }
    }

    /** Floats as a float32 array of {@code shape}. */
    static NDArray floats(NDManager manager, float[] values, Shape shape) {
        try (NDArray vector = EngineConstants.vector(manager, values)) {
            return vector.reshape(shape);
        }
    }

    /** {@code from, from + 1, ..., from + count - 1}, each taken modulo {@code modulus}, as int32. */
    static NDArray positions(NDManager manager, int from, int count, int modulus) {
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = (from + i) % modulus;
        }
        return ints(manager, ids, new Shape(count));
    }
}

package org.vqforge.architectures.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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

    /**
     * Fails unless {@code x}, computed from the parameters the store handed out, is float32: the
     * priors make their constants (masks, rotations) in float32, and a cast to bfloat16 through
     * DJL aborts the process (its JNI has no such type), so a lower-precision store is refused here
     * with a message instead.
     */
    static NDArray requireFloat32(NDArray x) {
        if (x.getDataType() != DataType.FLOAT32) {
            throw new IllegalStateException("the transformer and pixelcnn priors compute in float32, but the parameter"
                    + " store hands out " + x.getDataType() + " (mixed precision is not supported for priors)");
        }
        return x;
    }
}

package org.vqforge.runner.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.vqforge.api.backend.Backend;

/**
 * The engine's matrix-product rate in the backend's precision, measured in this process with its
 * threads: the ceiling that the model's convolutions (matrix products underneath) are held to.
 */
public final class MatMulRate {

    /** The side of the square matrices: large enough for the engine's blocked kernels to reach speed. */
    public static final int SIZE = 1024;

    private static final int WARM_UP = 3;
    private static final int REPEATS = 10;

    private MatMulRate() {}

    /** Floating-point operations per second of a SIZE x SIZE by SIZE x SIZE product, best of REPEATS. */
    public static double measure(Backend backend) {
        try (NDManager manager = backend.newManager()) {
            NDArray a = backend.toComputeType(manager.randomUniform(-1, 1, new Shape(SIZE, SIZE)));
            NDArray b = backend.toComputeType(manager.randomUniform(-1, 1, new Shape(SIZE, SIZE)));
            double best = Double.MAX_VALUE;
            for (int i = 0; i < WARM_UP + REPEATS; i++) {
                long start = System.nanoTime();
                try (NDArray product = a.matMul(b)) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (i >= WARM_UP) {
                        best = Math.min(best, seconds);
                    }
                }
            }
            return 2.0 * SIZE * SIZE * SIZE / best;
        }
    }
}

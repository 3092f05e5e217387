package org.vqforge.api.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.Initializer;
import java.util.function.Supplier;

/** Helpers for numeric tests on real tensors. */
public final class Tensors {

    private Tensors() {}

    /**
     * Fails unless every element is within {@code tolerance} of the expected one (absolute
     * difference), naming the first element that is not.
     */
    public static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " elements, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " (tolerance " + tolerance + ")");
            }
        }
    }

    /** {@link #assertClose(float[], float[], double, String)} on an array's values. */
    public static void assertClose(float[] expected, NDArray actual, double tolerance, String what) {
        assertClose(expected, actual.toFloatArray(), tolerance, what);
    }

    /** Fails unless the array has exactly the given shape. */
    public static void assertShape(NDArray array, long... shape) {
        assertArrayEquals(shape, array.getShape().getShape(), "shape of " + array.getShape());
    }

    /**
     * Gradients of {@code loss} with respect to {@code wrt}, which must require gradients. The
     * gradients there before are discarded, so repeated calls do not accumulate. Opens the JVM's
     * one gradient collector: do not call it while another is open.
     */
    public static float[][] gradients(Supplier<NDArray> loss, NDArray... wrt) {
        for (NDArray array : wrt) {
            try (NDArray gradient = array.getGradient()) {
                gradient.muli(0);
            }
        }
        try (GradientCollector collector = new TestBackend().newGradientCollector()) {
            collector.backward(loss.get());
        }
        float[][] out = new float[wrt.length][];
        for (int i = 0; i < wrt.length; i++) {
            try (NDArray gradient = wrt[i].getGradient()) {
                out[i] = gradient.toFloatArray();
            }
        }
        return out;
    }

    /** The values widened to double, for plain-Java references computed in double precision. */
    public static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** An initializer that fills a parameter with fixed values (row-major), for hand-set weights. */
    public static Initializer fixed(float... values) {
        return (manager, shape, dataType) -> {
            if (shape.size() != values.length) {
                throw new IllegalArgumentException(values.length + " values for shape " + shape);
            }
            return manager.create(values, shape).toType(dataType, false);
        };
    }
}

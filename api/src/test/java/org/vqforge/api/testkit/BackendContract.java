package org.vqforge.api.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import org.vqforge.api.backend.Backend;

/**
 * The plugin compatibility kit for backends: one call checks what the runner relies on, with
 * gradients computed by hand for {@code y = sum(w * x * x)}.
 *
 * <ul>
 *   <li>seeding: the same seed draws the same numbers, another seed others;
 *   <li>{@link Backend#backward}: dy/dx = 2 w x, added to a gradient already there;
 *   <li>{@link Backend#backwardKeepingGraph}: a second loss over the same graph can follow, and the
 *       gradients of both add up;
 *   <li>{@link Backend#zeroGradient}: the gradient becomes zero, and an array without one is left alone;
 *   <li>a non-scalar loss is refused.
 * </ul>
 */
public final class BackendContract {

    private static final float[] X = {0.5f, -2f, 3f};
    private static final float[] W = {1.5f, 0.25f, -1f};

    private BackendContract() {}

    /** Checks {@code backend}, which must be able to keep a graph (the VQ-GAN's adaptive weight needs it). */
    public static void verify(Backend backend) {
        seedingReproduces(backend);
        try (NDManager manager = backend.newManager()) {
            backwardAddsTheHandComputedGradient(backend, manager);
            aKeptGraphTakesASecondLoss(backend, manager);
            zeroGradientClears(backend, manager);
        }
    }

    private static void seedingReproduces(Backend backend) {
        try (NDManager manager = backend.newManager()) {
            backend.seed(42);
            float[] first = manager.randomNormal(new Shape(64)).toFloatArray();
            backend.seed(42);
            float[] again = manager.randomNormal(new Shape(64)).toFloatArray();
            backend.seed(43);
            float[] other = manager.randomNormal(new Shape(64)).toFloatArray();
            assertArrayEquals(first, again, "the same seed drew different numbers");
            assertFalse(Arrays.equals(first, other), "seeds 42 and 43 drew the same numbers");
        }
    }

    private static void backwardAddsTheHandComputedGradient(Backend backend, NDManager manager) {
        NDArray x = variable(manager);
        try (GradientCollector collector = backend.newGradientCollector()) {
            backend.backward(loss(manager, x));
            backend.backward(loss(manager, x));
        }
        Tensors.assertClose(scaled(expected(), 2), x.getGradient(), 1e-6, "two backward passes of sum(w x^2)");
        NDArray vector = variable(manager);
        try (GradientCollector collector = backend.newGradientCollector()) {
            NDArray notScalar = vector.mul(2);
            assertThrows(RuntimeException.class, () -> backend.backward(notScalar), "a non-scalar loss");
        }
    }

    private static void aKeptGraphTakesASecondLoss(Backend backend, NDManager manager) {
        NDArray x = variable(manager);
        try (GradientCollector collector = backend.newGradientCollector()) {
            NDArray shared = x.mul(x);
            NDArray first = shared.mul(manager.create(W)).sum();
            NDArray second = shared.sum();
            backend.backwardKeepingGraph(first);
            backend.backward(second);
        }
        float[] want = expected();
        for (int i = 0; i < want.length; i++) {
            want[i] += 2 * X[i];
        }
        Tensors.assertClose(want, x.getGradient(), 1e-6, "sum(w x^2) kept, then sum(x^2)");
    }

    private static void zeroGradientClears(Backend backend, NDManager manager) {
        NDArray x = variable(manager);
        try (GradientCollector collector = backend.newGradientCollector()) {
            backend.backward(loss(manager, x));
        }
        backend.zeroGradient(x);
        Tensors.assertClose(new float[X.length], x.getGradient(), 0, "gradient after zeroGradient");
        NDArray plain = manager.create(X);
        backend.zeroGradient(plain);
        assertArrayEquals(X, plain.toFloatArray(), "zeroGradient changed an array without a gradient");
    }

    private static NDArray variable(NDManager manager) {
        NDArray x = manager.create(X);
        x.setRequiresGradient(true);
        return x;
    }

    private static NDArray loss(NDManager manager, NDArray x) {
        return x.mul(x).mul(manager.create(W)).sum();
    }

    /** d/dx sum(w x^2) = 2 w x. */
    private static float[] expected() {
        float[] g = new float[X.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = 2 * W[i] * X[i];
        }
        return g;
    }

    private static float[] scaled(float[] values, float factor) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }
}

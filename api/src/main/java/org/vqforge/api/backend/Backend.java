package org.vqforge.api.backend;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.Optional;

/**
 * A compute backend: where tensors live and the engine calls that DJL's public api lacks. Engine
 * specific code (e.g. backward passes that keep the graph) stays behind this interface, in the
 * backend's own module.
 */
public interface Backend {

    /** The provider name it was created from, e.g. {@code cpu}. */
    String name();

    /** The device new tensors are created on. */
    Device device();

    /** The number of intra-op threads the engine uses. */
    int threads();

    /** Seeds the engine's random number generator (initialisers, dropout, sampling). */
    void seed(long seed);

    /** A root manager on {@link #device()}. The caller closes it. */
    NDManager newManager();

    /**
     * Opens the engine's gradient collector. DJL allows one per JVM at a time, which is why
     * trials run one per process.
     */
    GradientCollector newGradientCollector();

    /**
     * Back-propagates {@code loss} (a scalar) into the gradients of everything it depends on,
     * adding to gradients already there, and frees its graph. Must be called inside {@link
     * #newGradientCollector()}.
     */
    void backward(NDArray loss);

    /**
     * As {@link #backward}, but keeps the graph, so that another loss sharing it can be
     * back-propagated next: needed when two losses' gradients with respect to one parameter are
     * both wanted, as in VQGAN's adaptive weight.
     */
    void backwardKeepingGraph(NDArray loss);

    /**
     * As {@link #backwardKeepingGraph}, and records the backward pass itself so that the gradients
     * can be differentiated again (a double backward, as a gradient penalty's reference needs). A
     * backend whose engine cannot do this keeps the default, which refuses.
     *
     * @throws UnsupportedOperationException when the engine cannot differentiate a gradient
     */
    default void backwardRecordingGraph(NDArray loss) {
        throw new UnsupportedOperationException(name() + " cannot differentiate a gradient");
    }

    /** Sets the accumulated gradient of {@code array} to zero (no-op when it has none). */
    void zeroGradient(NDArray array);

    /**
     * A nearest-code search faster than the engine's matrix product and argmax, where this backend
     * has one for its device; empty means quantizers use the engine's.
     */
    default Optional<NearestCodeSearch> nearestCodeSearch() {
        return Optional.empty();
    }

    /**
     * What networks compute in; architectures see it through {@code BuildContext.backend()}. The
     * runner casts a network's input and float32 parameters to {@link Precision#computeType()} and
     * its output back to float32.
     */
    default Precision precision() {
        return Precision.FP32;
    }

    /**
     * {@code array} (float32) in {@link #precision()}'s compute type, and in the memory layout the
     * backend's convolutions prefer (e.g. channels-last on a CPU), differentiably: the gradient comes
     * back through the cast in float32. Arrays that are not float32 are returned as they are. Cast
     * back with {@link #toFloat32}: DJL's own {@code toType} records no gradient.
     */
    default NDArray toComputeType(NDArray array) {
        return array;
    }

    /** The inverse of {@link #toComputeType}: {@code array} in float32, differentiably. */
    default NDArray toFloat32(NDArray array) {
        return array;
    }

    /** The engine's per-operator profiler; empty where the engine has none. */
    default Optional<EngineProfiler> profiler() {
        return Optional.empty();
    }

    /** What this backend is, for provenance: engine, version, native flavour, device. */
    Map<String, String> describe();
}

package org.vqforge.backends.pytorch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.backend.NearestCodeSearch;

/** A {@link Backend} on DJL's PyTorch engine, on one device. */
final class PyTorchBackend implements Backend {

    private final String name;
    private final Engine engine;
    private final Device device;
    private final int threads;
    private final Optional<NearestCodeSearch> search;

    PyTorchBackend(String name, Engine engine, Device device, int threads, Optional<NearestCodeSearch> search) {
        this.name = name;
        this.engine = engine;
        this.device = device;
        this.threads = threads;
        this.search = search;
        JniUtils.setNumThreads(threads);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void seed(long seed) {
        // torch's generator takes 64 bits; DJL's Engine.setRandomSeed only an int
        JniUtils.setSeed(seed);
    }

    @Override
    public NDManager newManager() {
        return engine.newBaseManager(device);
    }

    @Override
    public GradientCollector newGradientCollector() {
        return engine.newGradientCollector();
    }

    @Override
    public void backward(NDArray loss) {
        backward(loss, false, false);
    }

    @Override
    public void backwardKeepingGraph(NDArray loss) {
        backward(loss, true, false);
    }

    @Override
    public void backwardRecordingGraph(NDArray loss) {
        backward(loss, true, true);
    }

    private static void backward(NDArray loss, boolean retainGraph, boolean createGraph) {
        if (loss.getShape().size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar loss, got shape " + loss.getShape());
        }
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, retainGraph, createGraph);
        }
    }

    @Override
    public void zeroGradient(NDArray array) {
        if (array.hasGradient()) {
            JniUtils.zeroGrad((PtNDArray) array);
        }
    }

    @Override
    public Optional<NearestCodeSearch> nearestCodeSearch() {
        return search;
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("backend", name);
        d.put("engine", engine.getEngineName());
        d.put("engineVersion", engine.getVersion());
        d.put("djlVersion", Engine.getDjlVersion());
        d.put("nativeFlavor", System.getProperty("vqforge.native.flavor", guessFlavor()));
        d.put("device", device.toString());
        d.put("threads", Integer.toString(threads));
        d.put("nearestCodeSearch", search.isPresent() ? "vector" : "engine");
        return d;
    }

    private String guessFlavor() {
        return engine.getGpuCount() > 0 ? "cuda" : "cpu";
    }
}

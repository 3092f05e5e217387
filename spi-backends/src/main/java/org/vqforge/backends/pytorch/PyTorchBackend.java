package org.vqforge.backends.pytorch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.backend.EngineProfiler;
import org.vqforge.api.backend.NearestCodeSearch;
import org.vqforge.api.backend.Precision;

/** A {@link Backend} on DJL's PyTorch engine, on one device. */
final class PyTorchBackend implements Backend {

    private final String name;
    private final Engine engine;
    private final Device device;
    private final int threads;
    private final Precision precision;
    private final Optional<NearestCodeSearch> search;
    private final Map<String, ScriptedCast> casts = new java.util.HashMap<>();

    PyTorchBackend(String name, Engine engine, Device device, int threads, Precision precision,
            Optional<NearestCodeSearch> search) {
        this.name = name;
        this.engine = engine;
        this.device = device;
        this.threads = threads;
        this.precision = precision;
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
    public Precision precision() {
        return precision;
    }

    @Override
    public NDArray toComputeType(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32) {
            return array;
        }
        if (precision == Precision.BF16) {
            return cast(ScriptedCast.FLIP_BFLOAT16).apply(array);
        }
        // images and activations go channels-last: the CPU's convolutions then run in one layout
        return array.getShape().dimension() == 4 && !device.isGpu() ? cast(ScriptedCast.CHANNELS_LAST).apply(array)
                : array;
    }

    @Override
    public NDArray toFloat32(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return array;
        }
        // bfloat16 reads UNKNOWN in DJL; other types take DJL's cast (which records no gradient)
        return array.getDataType() == DataType.UNKNOWN ? cast(ScriptedCast.FLIP_BFLOAT16).apply(array)
                : array.toType(DataType.FLOAT32, false);
    }

    private synchronized ScriptedCast cast(String resource) {
        // each module is loaded once and lives as long as the backend (the process)
        return casts.computeIfAbsent(resource, r -> new ScriptedCast((PtNDManager) engine.newBaseManager(device), r));
    }

    @Override
    public Optional<EngineProfiler> profiler() {
        return Optional.of(new PyTorchProfiler(device.isGpu()));
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
        d.put("precision", precision.configName());
        d.put("nearestCodeSearch", search.isPresent() ? "vector" : "engine");
        return d;
    }

    private String guessFlavor() {
        return engine.getGpuCount() > 0 ? "cuda" : "cpu";
    }
}

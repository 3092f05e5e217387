package org.vqforge.api.testkit;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.vqforge.api.backend.Backend;

/**
 * A {@link Backend} on the PyTorch CPU engine written against DJL's public api only. DJL's public
 * api cannot keep or differentiate the graph, so {@link #backward} supports plain passes only,
 * through the collector last opened by {@link #newGradientCollector()}.
 */
public final class TestBackend implements Backend {

    private final Engine engine;
    private GradientCollector open;

    public TestBackend() {
        this.engine = Engine.getEngine("PyTorch");
    }

    @Override
    public String name() {
        return "test-cpu";
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public void seed(long seed) {
        engine.setRandomSeed((int) seed);
    }

    @Override
    public NDManager newManager() {
        return engine.newBaseManager(Device.cpu());
    }

    @Override
    public GradientCollector newGradientCollector() {
        GradientCollector collector = engine.newGradientCollector();
        open = collector;
        return new GradientCollector() {
            @Override
            public void backward(NDArray target) {
                collector.backward(target);
            }

            @Override
            public void zeroGradients() {
                collector.zeroGradients();
            }

            @Override
            public void close() {
                open = null;
                collector.close();
            }
        };
    }

    @Override
    public void backward(NDArray loss, boolean retainGraph, boolean createGraph) {
        if (retainGraph || createGraph) {
            throw new UnsupportedOperationException("the test backend cannot keep or differentiate the graph");
        }
        if (open == null) {
            throw new IllegalStateException("backward outside newGradientCollector()");
        }
        open.backward(loss);
    }

    @Override
    public void zeroGradient(NDArray array) {
        if (array.hasGradient()) {
            try (NDArray gradient = array.getGradient()) {
                gradient.muli(0);
            }
        }
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("backend", name(), "engine", engine.getEngineName(), "device", "cpu");
    }
}

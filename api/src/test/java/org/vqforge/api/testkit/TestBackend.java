package org.vqforge.api.testkit;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.Optional;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.backend.NearestCodeSearch;

/**
 * A {@link Backend} on the PyTorch CPU engine written against DJL's public api only. DJL's public
 * api cannot keep or differentiate the graph, so {@link #backward} supports plain passes only,
 * through the collector last opened by {@link #newGradientCollector()}.
 */
public final class TestBackend implements Backend {

    private final Engine engine;
    private final Optional<NearestCodeSearch> search;
    private GradientCollector open;

    public TestBackend() {
        this(Optional.empty());
    }

    /** A test backend that offers {@code search} as its nearest-code search. */
    public TestBackend(NearestCodeSearch search) {
        this(Optional.of(search));
    }

    private TestBackend(Optional<NearestCodeSearch> search) {
        this.engine = Engine.getEngine("PyTorch");
        this.search = search;
    }

    @Override
    public Optional<NearestCodeSearch> nearestCodeSearch() {
        return search;
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
    public void backward(NDArray loss) {
        if (open == null) {
            throw new IllegalStateException("backward outside newGradientCollector()");
        }
        open.backward(loss);
    }

    @Override
    public void backwardKeepingGraph(NDArray loss) {
        throw new UnsupportedOperationException("the test backend cannot keep the graph");
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

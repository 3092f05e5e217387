package org.vqforge.api.testkit;

import ai.djl.ndarray.NDManager;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.api.quantizer.Quantizer;

/**
 * A {@link BuildContext} for plugin tests: the PyTorch CPU engine, a manager the test closes,
 * and fixed shapes. Nested quantizers are not supported.
 */
public final class TestBuildContext implements BuildContext, AutoCloseable {

    /** The reference model's shapes: 28x28 grey images, 64 latent channels. */
    public static final ModelShapes FASHION_MNIST = new ModelShapes(1, 28, 28, 64);

    private final ModelShapes shapes;
    private final long seed;
    private final TestBackend backend;
    private final NDManager manager;

    public TestBuildContext(ModelShapes shapes, long seed) {
        this(shapes, seed, new TestBackend());
    }

    /** A context on {@code backend}, e.g. one that offers its own nearest-code search. */
    public TestBuildContext(ModelShapes shapes, long seed, TestBackend backend) {
        this.shapes = shapes;
        this.seed = seed;
        this.backend = backend;
        backend.seed(seed);
        this.manager = backend.newManager();
    }

    /** {@link #FASHION_MNIST} shapes, seed 0. */
    public static TestBuildContext fashionMnist() {
        return new TestBuildContext(FASHION_MNIST, 0);
    }

    @Override
    public ModelShapes shapes() {
        return shapes;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Quantizer newQuantizer(PluginConfig config, int dimension) {
        throw new UnsupportedOperationException("the test context builds no nested quantizers");
    }

    @Override
    public void close() {
        manager.close();
    }
}

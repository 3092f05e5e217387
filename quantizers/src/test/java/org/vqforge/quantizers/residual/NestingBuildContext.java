package org.vqforge.quantizers.residual;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.api.testkit.TestBuildContext;

/**
 * The api test kit's context, plus nested quantizers: {@link #newQuantizer} builds any quantizer
 * plugin of this module by its name, as the runner does, and remembers what it built.
 */
public final class NestingBuildContext implements BuildContext, AutoCloseable {

    private final TestBuildContext base = TestBuildContext.fashionMnist();
    private final List<Quantizer> built = new ArrayList<>();

    @Override
    public ModelShapes shapes() {
        return base.shapes();
    }

    @Override
    public Backend backend() {
        return base.backend();
    }

    @Override
    public NDManager manager() {
        return base.manager();
    }

    @Override
    public long seed() {
        return base.seed();
    }

    @Override
    public Quantizer newQuantizer(PluginConfig config, int dimension) {
        for (ServiceLoader.Provider<QuantizerProvider> p : ServiceLoader.load(QuantizerProvider.class).stream().toList()) {
            if (p.type().getAnnotation(Plugin.class).name().equals(config.type())) {
                Quantizer q = p.get().create(config.params(), dimension, this);
                built.add(q);
                return q;
            }
        }
        throw new IllegalArgumentException("no quantizer plugin '" + config.type() + "'");
    }

    /** The quantizers {@link #newQuantizer} built, in order. */
    public List<Quantizer> built() {
        return List.copyOf(built);
    }

    @Override
    public void close() {
        base.close();
    }
}

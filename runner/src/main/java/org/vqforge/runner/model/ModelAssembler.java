package org.vqforge.runner.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.discovery.Plugins;

/** Builds the model an experiment names, from plugins looked up by name. */
public final class ModelAssembler {

    private ModelAssembler() {}

    /**
     * Seeds the backend with the experiment's seed, then builds and initialises encoder, quantizer
     * and decoder on {@code manager} (which the model then owns).
     */
    public static VqModel assemble(Experiment experiment, Plugins plugins, Backend backend, NDManager manager) {
        BuildContext context = context(experiment, plugins, backend, manager);
        backend.seed(experiment.train().seed());
        var model = experiment.model();
        Block encoder = network(plugins, model.encoder(), NetworkRole.ENCODER, context);
        Quantizer quantizer = context.newQuantizer(model.quantizer(), model.latentChannels());
        Block decoder = network(plugins, model.decoder(), NetworkRole.DECODER, context);
        return new VqModel(manager, experiment.shapes(), encoder, quantizer, decoder, backend);
    }

    /**
     * Builds and initialises a vqgan's discriminator on {@code manager}. The engine is seeded from
     * the experiment's seed first (mixed with a constant, so it draws other numbers than the
     * encoder), which makes the discriminator independent of whether the generator was built first.
     *
     * @throws IllegalStateException for an experiment without a discriminator (a vqvae)
     */
    public static Discriminator discriminator(Experiment experiment, Plugins plugins, Backend backend,
            NDManager manager) {
        PluginConfig config = experiment.model().optionalDiscriminator().orElseThrow(() ->
                new IllegalStateException("model.type " + experiment.model().type() + " has no discriminator"));
        BuildContext context = context(experiment, plugins, backend, manager);
        backend.seed(experiment.train().seed() ^ DISCRIMINATOR_SEED_MIX);
        return new Discriminator(manager, experiment.shapes(),
                network(plugins, config, NetworkRole.DISCRIMINATOR, context));
    }

    /** Mixed into the seed before the discriminator is built (an arbitrary odd constant). */
    static final long DISCRIMINATOR_SEED_MIX = 0x2545F4914F6CDD1DL;

    /** The build context plugins see for this experiment. */
    public static BuildContext context(Experiment experiment, Plugins plugins, Backend backend, NDManager manager) {
        return new RunnerBuildContext(experiment.shapes(), backend, manager, experiment.train().seed(), plugins);
    }

    private static Block network(Plugins plugins, PluginConfig config, NetworkRole role, BuildContext context) {
        ArchitectureProvider provider = plugins.architectures().get(config.type());
        if (!provider.roles().contains(role)) {
            throw new IllegalArgumentException("architecture '" + config.type() + "' cannot be a "
                    + role.name().toLowerCase(java.util.Locale.ROOT) + " (it serves " + provider.roles() + ")");
        }
        return provider.create(role, config.params(), context);
    }

    private record RunnerBuildContext(ModelShapes shapes, Backend backend, NDManager manager, long seed, Plugins plugins)
            implements BuildContext {

        @Override
        public Quantizer newQuantizer(PluginConfig config, int dimension) {
            return plugins.quantizers().get(config.type()).create(config.params(), dimension, this);
        }
    }
}

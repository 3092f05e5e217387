package org.vqforge.runner.wiring;

import ai.djl.ndarray.NDManager;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Names;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.loss.AdversarialLoss;
import org.vqforge.api.loss.Loss;
import org.vqforge.api.loss.ReconstructionLoss;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.DataLoader;
import org.vqforge.runner.data.DatasetLocator;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.model.ModelAssembler;
import org.vqforge.runner.model.VqModel;
import org.vqforge.runner.train.Adversary;
import org.vqforge.runner.train.CheckpointListener;
import org.vqforge.runner.train.FinalReportListener;
import org.vqforge.runner.train.MetricsLogListener;
import org.vqforge.runner.train.Objective;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.data.TrainingData;
import org.vqforge.runner.train.TrainingListener;

/**
 * Composes a run: the resolved experiment, the chosen backend, the registries, the model, the data
 * and the training listeners (a set, so more can be bound by other modules). Plugins know nothing of
 * Guice: they are looked up by name here and built through their providers.
 */
public final class RunnerModule extends AbstractModule {

    /** Which of the standard listeners to bind. */
    public enum Listeners {
        /** Metrics file, checkpoints, final grid and evaluation (progress is the caller's: a bar, a notebook). */
        STANDARD,
        /** None (evaluation, benchmarks). */
        NONE
    }

    private final Plugins plugins;
    private final Experiment experiment;
    private final RunDirectory run;
    private final String configHash;
    private final Listeners listeners;
    private final DatasetLocator locator;

    public RunnerModule(Plugins plugins, Experiment experiment, RunDirectory run, String configHash,
            Listeners listeners, DatasetLocator locator) {
        this.plugins = plugins;
        this.experiment = experiment;
        this.run = run;
        this.configHash = configHash;
        this.listeners = listeners;
        this.locator = locator;
    }

    @Override
    protected void configure() {
        bind(Plugins.class).toInstance(plugins);
        bind(Experiment.class).toInstance(experiment);
        bind(RunDirectory.class).toInstance(run);
        bind(DatasetLocator.class).toInstance(locator);
        bindConstant().annotatedWith(Names.named("configHash")).to(configHash);
        Multibinder<TrainingListener> set = Multibinder.newSetBinder(binder(), TrainingListener.class);
        if (listeners == Listeners.STANDARD) {
            set.addBinding().to(MetricsLogListener.class);
            set.addBinding().to(CheckpointListener.class);
            set.addBinding().to(FinalReportListener.class);
        }
    }

    @Provides
    @Singleton
    Backend backend() {
        PluginConfig config = experiment.backend();
        return plugins.backends().get(config.type()).create(config.params());
    }

    @Provides
    @Singleton
    TrainingData data() {
        return DataLoader.load(experiment.data(), locator);
    }

    @Provides
    @Singleton
    VqModel model(Backend backend) {
        NDManager manager = backend.newManager();
        return ModelAssembler.assemble(experiment, plugins, backend, manager);
    }

    @Provides
    @Singleton
    ReconstructionLoss reconstructionLoss(Backend backend, VqModel model) {
        return loss(experiment.loss().reconstruction(), "loss.reconstruction", ReconstructionLoss.class, backend, model);
    }

    /**
     * The losses of the run; for a vqgan also its discriminator, built on the model's manager after
     * the generator.
     */
    @Provides
    @Singleton
    Objective objective(Backend backend, VqModel model, ReconstructionLoss reconstruction) {
        ReconstructionLoss perceptual = experiment.loss().optionalPerceptual()
                .map(c -> loss(c, "loss.perceptual", ReconstructionLoss.class, backend, model))
                .orElse(null);
        Adversary adversary = experiment.loss().optionalAdversarial()
                .map(spec -> new Adversary(
                        ModelAssembler.discriminator(experiment, plugins, backend, model.manager()),
                        loss(spec.loss(), "loss.adversarial", AdversarialLoss.class, backend, model), spec))
                .orElse(null);
        return new Objective(reconstruction, perceptual, adversary);
    }

    private <L extends Loss> L loss(PluginConfig config, String key, Class<L> kind, Backend backend, VqModel model) {
        Loss loss = plugins.losses().get(config.type()).create(config.params(),
                ModelAssembler.context(experiment, plugins, backend, model.manager()));
        if (!kind.isInstance(loss)) {
            throw new IllegalArgumentException(key + ".type: '" + config.type() + "' is not a "
                    + (kind == AdversarialLoss.class ? "n adversarial" : " reconstruction") + " loss");
        }
        return kind.cast(loss);
    }
}

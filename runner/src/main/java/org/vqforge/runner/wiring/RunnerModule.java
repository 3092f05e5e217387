package org.vqforge.runner.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Names;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.DataLoader;
import org.vqforge.runner.data.DatasetLocator;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.recipe.Recipes;
import org.vqforge.runner.report.RunPageListener;
import org.vqforge.runner.train.CheckpointListener;
import org.vqforge.runner.train.FinalReportListener;
import org.vqforge.runner.train.MetricsLogListener;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.data.TrainingData;
import org.vqforge.runner.train.TrainingListener;

/**
 * Composes a run: the resolved experiment, the chosen backend, the registries, the data and the
 * training listeners (a set, so more can be bound by other modules); the model type's recipe binds
 * its model, objective and trainer ({@link org.vqforge.runner.recipe.ModelRecipe#module}).
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
            // after the final report, whose files (eval.json, the image grid) the page shows
            set.addBinding().toInstance(new RunPageListener(Recipes.of(experiment.type()).pageSections()));
        }
        install(Recipes.of(experiment.type()).module(experiment));
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
}

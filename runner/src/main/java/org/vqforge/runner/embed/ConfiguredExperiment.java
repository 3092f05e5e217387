package org.vqforge.runner.embed;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.vqforge.runner.config.ConfigWriter;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.DatasetLocator;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.eval.FrechetMeasurement;
import org.vqforge.runner.study.provenance.ProvenanceModule;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.train.StepRecord;
import org.vqforge.runner.train.TrainingListener;
import org.vqforge.runner.train.TrainingLoop;
import org.vqforge.runner.train.TrainingSession;
import org.vqforge.runner.wiring.RunnerModule;

/** A checked experiment, ready to train. */
public final class ConfiguredExperiment {

    private final Plugins plugins;
    private final Path source;
    private final Experiment experiment;

    ConfiguredExperiment(Plugins plugins, Path source, Experiment experiment) {
        this.plugins = plugins;
        this.source = source;
        this.experiment = experiment;
    }

    /** {@code experiment.name}. */
    public String name() {
        return experiment.name();
    }

    /** The complete config, every default filled in, as nested maps (what {@code config.yaml} holds). */
    public Map<String, Object> resolvedConfig() {
        return experiment.resolved();
    }

    /**
     * Trains into {@code runDir} (created, or resumed from its last checkpoint when it holds a run of
     * the same config), then evaluates on the test set, writing the run directory as {@code vqf train}
     * does. The returned run holds the trained model; close it.
     *
     * @throws org.vqforge.runner.config.ConfigException when the feature network the config names
     *     cannot be used, or {@code runDir} holds a run of another config
     */
    public TrainedRun train(Path runDir, TrainingObserver observer) throws IOException {
        FrechetMeasurement.check(experiment, source);
        RunDirectory run = new RunDirectory(runDir);
        if (run.exists()) {
            RunDirectories.checkSameExperiment(RunDirectories.stored(plugins, run), experiment, run);
        }
        ConfigWriter.write(experiment, run.config());
        Injector injector = RunDirectories.injector(plugins, experiment, run, RunnerModule.Listeners.QUIET,
                new ProvenanceModule(), new ObserverModule(observer));
        injector.getInstance(TrainingLoop.class).run();
        return TrainedRun.open(runDir);
    }

    /** Hands each step to the embedding program's observer. */
    private static final class ObserverModule extends AbstractModule {
        private final TrainingObserver observer;

        ObserverModule(TrainingObserver observer) {
            this.observer = observer;
        }

        @Override
        protected void configure() {
            Multibinder.newSetBinder(binder(), TrainingListener.class).addBinding().toInstance(new TrainingListener() {
                @Override
                public void onStep(TrainingSession session, StepRecord r) {
                    observer.onStep(new Progress(r.step(), r.totalSteps(), r.loss(), r.terms(), r.metrics(),
                            r.imagesPerSecond()));
                }

                @Override
                public void onEnd(TrainingSession session, boolean completed) {
                    observer.onEnd(completed);
                }
            });
        }
    }
}

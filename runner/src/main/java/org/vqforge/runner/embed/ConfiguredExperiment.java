package org.vqforge.runner.embed;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.OptionalLong;
import org.vqforge.api.backend.Availability;
import org.vqforge.api.backend.BackendUnavailableException;
import org.vqforge.runner.config.ConfigWriter;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.DataLoader;
import org.vqforge.runner.data.DatasetLocator;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.eval.FrechetMeasurement;
import org.vqforge.runner.files.RunLock;
import org.vqforge.runner.provenance.ProvenanceModule;
import org.vqforge.runner.train.Checkpoints;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.train.StepRecord;
import org.vqforge.runner.train.TrainingListener;
import org.vqforge.runner.train.Trainer;
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

    /** {@code train.seed}. */
    public long seed() {
        return experiment.train().seed();
    }

    /** The complete config, every default filled in, as nested maps (what {@code config.yaml} holds). */
    public Map<String, Object> resolvedConfig() {
        return experiment.resolved();
    }

    /** The complete config as the YAML that {@code config.yaml} holds. */
    public String resolvedYaml() {
        return ConfigWriter.toYaml(experiment);
    }

    /** {@code runs/NAME-TIMESTAMP}, where {@code vqf train} puts a run without {@code --run-dir}. */
    public Path defaultRunDirectory() {
        return Path.of("runs", experiment.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /**
     * Everything {@link #trainInto} checks before it writes, writing nothing: the feature network,
     * the backend, the data files, and a run already in {@code runDir} (same config, a checkpoint to
     * resume from that is whole).
     */
    public void check(Path runDir, OptionalLong fromCheckpoint) throws IOException {
        FrechetMeasurement.check(experiment, source);
        Availability backend = plugins.backends().get(experiment.backend().type()).availability();
        if (!backend.available()) {
            throw new BackendUnavailableException("backend.type: " + experiment.backend().type() + " cannot run here: "
                    + backend.detail());
        }
        DataLoader.checkFiles(experiment.data(), new DatasetLocator());
        RunDirectory run = new RunDirectory(runDir);
        if (run.exists()) {
            RunDirectories.checkSameExperiment(RunDirectories.stored(plugins, run), experiment, run);
            if (fromCheckpoint.isPresent()) {
                Checkpoints.verify(RunDirectories.completeCheckpoint(run, fromCheckpoint.getAsLong()));
            } else {
                Checkpoints.resumable(run);
            }
        } else if (fromCheckpoint.isPresent()) {
            throw new RunDirectoryException("--from-checkpoint: " + run.root() + " holds no run to resume");
        }
    }

    /**
     * Trains into {@code runDir} (created, or resumed from its last checkpoint when it holds a run of
     * the same config), then evaluates on the test set, writing the run directory as {@code vqf train}
     * does. The returned run holds the trained model; close it.
     *
     * @throws org.vqforge.runner.config.ConfigException when the feature network the config names
     *     cannot be used
     * @throws RunDirectoryException when {@code runDir} holds a run of another config
     * @throws org.vqforge.runner.files.RunDirectoryInUseException when another process writes into it
     */
    public TrainedRun train(Path runDir, TrainingObserver observer) throws IOException {
        trainInto(runDir, observer, TrainOptions.defaults());
        return TrainedRun.open(runDir);
    }

    /**
     * Trains into {@code runDir} as {@link #train} does, without restoring the model afterwards: what
     * {@code vqf train} and {@code vqf rerun} run. The directory is locked for this process meanwhile.
     */
    public void trainInto(Path runDir, TrainingObserver observer, TrainOptions options) throws IOException {
        FrechetMeasurement.check(experiment, source);
        RunDirectory run = new RunDirectory(runDir);
        try (RunLock lock = RunLock.acquire(run.root())) {
            if (options.newDirectoryOnly() && !onlyTheLock(run.root())) {
                throw new RunDirectoryException(run.root() + " exists and is not empty; a rerun goes into a new directory");
            }
            if (run.exists()) {
                RunDirectories.checkSameExperiment(RunDirectories.stored(plugins, run), experiment, run);
                if (options.fromCheckpoint().isPresent()) {
                    RunDirectories.setAsideNewerThan(run, options.fromCheckpoint().getAsLong(), options.messages());
                }
                options.messages().accept("resuming " + run.root()
                        + Checkpoints.resumable(run).map(c -> " from " + c.getFileName()).orElse(" from the start"));
            } else if (options.fromCheckpoint().isPresent()) {
                throw new RunDirectoryException("--from-checkpoint: " + run.root() + " holds no run to resume");
            }
            ConfigWriter.write(experiment, run.config());
            RunDirectories.injector(plugins, experiment, run, RunnerModule.Listeners.STANDARD,
                    new ProvenanceModule(), new ObserverModule(observer)).getInstance(Trainer.class).run();
        }
    }

    /** Empty but for the lock this process holds. */
    private static boolean onlyTheLock(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.allMatch(p -> p.getFileName().toString().equals(RunLock.FILE));
        }
    }

    /** Hands the run's start, steps and end to the embedding program's observer. */
    private static final class ObserverModule extends AbstractModule {
        private final TrainingObserver observer;

        ObserverModule(TrainingObserver observer) {
            this.observer = observer;
        }

        @Override
        protected void configure() {
            Multibinder.newSetBinder(binder(), TrainingListener.class).addBinding().toInstance(new TrainingListener() {
                @Override
                public void onStart(TrainingSession session) {
                    observer.onStart(session.startStep(), session.totalSteps());
                }

                @Override
                public void onStep(TrainingSession session, StepRecord r) {
                    observer.onStep(new Progress(r.step(), r.totalSteps(), r.loss(), r.terms(), r.metrics(),
                            r.imagesPerSecond(), r.elapsedSeconds()));
                }

                @Override
                public void onEnd(TrainingSession session, boolean completed) {
                    observer.onEnd(completed);
                }
            });
        }
    }
}

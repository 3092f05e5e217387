package org.vqforge.runner.embed;

import org.vqforge.runner.recipe.Recipes;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.config.ConfigTree;
import org.vqforge.runner.config.RunnerSchema;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.DatasetLocator;
import org.vqforge.runner.data.TrainingData;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.files.Hashing;
import org.vqforge.runner.model.VqModel;
import org.vqforge.runner.train.Checkpoints;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.tokens.TokenizerRuns;
import org.vqforge.runner.wiring.RunnerModule;

/** What training, evaluating and resuming a run directory share: its stored config and the injector. */
public final class RunDirectories {


    private RunDirectories() {}

    /** The experiment stored in a run directory. */
    public static Experiment stored(Plugins plugins, RunDirectory run) {
        if (!run.exists()) {
            throw new RunDirectoryException(run.root() + " is not a run directory (no " + RunDirectory.CONFIG + ")");
        }
        return Recipes.resolver(plugins).resolve(run.config(), List.of());
    }

    /** A run directory belongs to one experiment: refuse to mix another into it. */
    public static void checkSameExperiment(Experiment stored, Experiment given, RunDirectory run) {
        Map<String, Object> a = ConfigTree.flatten(stored.resolved());
        Map<String, Object> b = ConfigTree.flatten(given.resolved());
        // keys declared resumable may differ, so that a finished run can be trained further (or evaluated otherwise)
        Set<String> resumable = RunnerSchema.resumableKeys(Recipes.of(stored.type()));
        List<String> differences = new ArrayList<>();
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) {
            if (!resumable.contains(key) && !Objects.equals(String.valueOf(a.get(key)), String.valueOf(b.get(key)))) {
                differences.add(key + " (run: " + a.get(key) + ", given: " + b.get(key) + ")");
            }
        }
        if (!differences.isEmpty()) {
            throw new RunDirectoryException(run.root() + " holds a run of a different config; differing keys: "
                    + String.join(", ", differences) + ". Use another --run-dir.");
        }
    }

    /** A run's model restored from its last complete checkpoint, with its experiment, data and that checkpoint's metadata. */
    public record Restored(Experiment experiment, RunDirectory run, VqModel model, TrainingData data,
            Checkpoints.Metadata checkpoint) {}

    /**
     * Restores the last complete checkpoint of the run in {@code runDir}, whoever trained it.
     *
     * @throws RunDirectoryException when it is not a run directory or has no complete checkpoint
     */
    public static Restored restoreLast(Plugins plugins, Path runDir) throws IOException {
        RunDirectory run = new RunDirectory(runDir);
        Experiment experiment = stored(plugins, run);
        if (experiment.type().equals(TrainedPrior.TYPE)) {
            throw new RunDirectoryException(run.root() + " is a prior run (model.type: prior), not a tokenizer; "
                    + "a prior is evaluated with vqf eval and draws images with vqf sample");
        }
        Path checkpoint = lastCheckpoint(run);
        Injector injector = injector(plugins, experiment, run, RunnerModule.Listeners.NONE);
        VqModel model = injector.getInstance(VqModel.class);
        Checkpoints.Metadata metadata = Checkpoints.load(checkpoint, model, null, model.manager());
        return new Restored(experiment, run, model, injector.getInstance(TrainingData.class), metadata);
    }

    /** The last complete checkpoint of {@code run}, or an error saying there is none. */
    static Path lastCheckpoint(RunDirectory run) {
        return run.latestCheckpoint().orElseThrow(() ->
                new RunDirectoryException(run.root() + " has no complete checkpoint"));
    }

    /** The complete checkpoint of {@code step} in {@code run}, or an error listing those there are. */
    public static Path completeCheckpoint(RunDirectory run, long step) {
        List<Path> complete = run.completeCheckpoints();
        Path chosen = run.checkpoint(step);
        if (!complete.contains(chosen)) {
            throw new RunDirectoryException("--from-checkpoint " + step + ": " + run.checkpoints()
                    + " has no complete checkpoint " + chosen.getFileName() + "; complete: " + (complete.isEmpty() ? "none"
                            : complete.stream().map(p -> String.valueOf(Checkpoints.step(p))).collect(Collectors.joining(", "))));
        }
        return chosen;
    }

    /**
     * Resuming from an earlier checkpoint: it must be whole, and the newer ones are renamed out of
     * the way (kept for inspection), so that the run continues from the chosen one.
     */
    public static void setAsideNewerThan(RunDirectory run, long step, Consumer<String> messages) throws IOException {
        Path chosen = completeCheckpoint(run, step);
        Checkpoints.verify(chosen);
        for (Path newer : run.completeCheckpoints()) {
            if (newer.getFileName().toString().compareTo(chosen.getFileName().toString()) > 0) {
                Path aside = newer.resolveSibling("set-aside-" + newer.getFileName() + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                Files.move(newer, aside, StandardCopyOption.ATOMIC_MOVE);
                messages.accept("set aside " + newer.getFileName() + " (newer than step " + step + ") as " + aside);
            }
        }
    }

    /** The run's injector: its config (hashed as written), plugins, model, data and {@code listeners}. */
    public static Injector injector(Plugins plugins, Experiment experiment, RunDirectory run,
            RunnerModule.Listeners listeners, Module... more) throws IOException {
        return injector(plugins, experiment, run, Hashing.sha256(run.config()), listeners, more);
    }

    /** The run's injector, with {@code configHash} standing for its config (a benchmark writes none). */
    public static Injector injector(Plugins plugins, Experiment experiment, RunDirectory run, String configHash,
            RunnerModule.Listeners listeners, Module... more) {
        Module[] modules = new Module[more.length + 2];
        modules[0] = new RunnerModule(plugins, experiment, run, configHash, listeners, new DatasetLocator());
        // a stage-2 model (a prior) opens its tokenizer run as the Java API does
        modules[1] = binder -> binder.bind(TokenizerRuns.class).toInstance(dir -> TrainedRun.open(dir, plugins));
        System.arraycopy(more, 0, modules, 2, more.length);
        return Guice.createInjector(modules);
    }
}

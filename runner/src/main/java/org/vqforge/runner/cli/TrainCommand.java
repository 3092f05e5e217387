package org.vqforge.runner.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.vqforge.api.backend.BackendUnavailableException;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.config.ConfigWriter;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.DataLoader;
import org.vqforge.runner.data.DatasetLocator;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.eval.FrechetMeasurement;
import org.vqforge.runner.files.Hashing;
import org.vqforge.runner.files.RunLock;
import org.vqforge.runner.train.Checkpoints;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.train.TrainingLoop;
import org.vqforge.runner.wiring.RunnerModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains the model an experiment config describes.",
            "On an existing run directory, resumes from its last checkpoint (the config must match;",
            "train.steps and train.epochs may grow). A run directory has one writer: a second train",
            "(or rerun) into it is refused while the first runs."})
final class TrainCommand implements Callable<Integer> {

    /** Keys that may differ when resuming, so that a finished run can be trained further (or evaluated otherwise). */
    static final List<String> RESUMABLE_CHANGES = List.of("train.steps", "train.epochs", "eval.featureNetwork");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment file (.yaml, .yml or .properties)")
    Path config;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "overrides of dotted keys, e.g. train.steps=100")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR", description = "run directory (default: runs/NAME-TIMESTAMP)")
    Path runDir;

    @Option(names = "--quiet", description = "no progress output")
    boolean quiet;

    @Option(names = "--from-checkpoint", paramLabel = "STEP",
            description = {"resume from the checkpoint of step STEP rather than the newest (e.g. when the newest is damaged);",
                "newer checkpoints are set aside under checkpoints/ (renamed, not deleted)"})
    Long fromCheckpoint;

    @Option(names = "--dry-run", description = {"resolve and check everything (config, plugins, backend, data files, run",
        "directory, checkpoint to resume from), print the resolved config, write nothing"})
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Plugins plugins = Runs.discover(spec.commandLine().getErr());
        Experiment experiment = new ConfigResolver(plugins, spec.commandLine().getErr()::println).resolve(config, overrides);
        FrechetMeasurement.check(experiment, config);
        RunDirectory run = new RunDirectory(runDir != null ? runDir
                : Path.of("runs", experiment.name() + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        if (dryRun) {
            return dryRun(plugins, experiment, run, out);
        }
        try (RunLock lock = RunLock.acquire(run.root())) {
            if (run.exists()) {
                checkSameExperiment(Runs.stored(plugins, run), experiment, run);
                if (fromCheckpoint != null) {
                    setAsideNewerThan(run, fromCheckpoint, out);
                }
                out.println("resuming " + run.root()
                        + Checkpoints.resumable(run).map(c -> " from " + c.getFileName()).orElse(" from the start"));
            } else if (fromCheckpoint != null) {
                throw new UserInputException("--from-checkpoint: " + run.root() + " holds no run to resume");
            }
            ConfigWriter.write(experiment, run.config());
            String hash = Hashing.sha256(run.config());
            TrainingLoop loop = Runs.injector(plugins, experiment, run, hash,
                    quiet ? RunnerModule.Listeners.QUIET : RunnerModule.Listeners.ALL,
                    new org.vqforge.runner.study.provenance.ProvenanceModule()).getInstance(TrainingLoop.class);
            loop.run();
        }
        return 0;
    }

    /** Everything {@link #call} checks before it writes, then the resolved config on stdout. */
    private int dryRun(Plugins plugins, Experiment experiment, RunDirectory run, PrintWriter out) {
        var backend = plugins.backends().get(experiment.backend().type()).availability();
        if (!backend.available()) {
            throw new BackendUnavailableException("backend.type: " + experiment.backend().type() + " cannot run here: "
                    + backend.detail());
        }
        DataLoader.checkFiles(experiment.data(), new DatasetLocator());
        if (run.exists()) {
            checkSameExperiment(Runs.stored(plugins, run), experiment, run);
            if (fromCheckpoint != null) {
                Checkpoints.verify(completeCheckpoint(run, fromCheckpoint));
            } else {
                Checkpoints.resumable(run);
            }
        } else if (fromCheckpoint != null) {
            throw new UserInputException("--from-checkpoint: " + run.root() + " holds no run to resume");
        }
        out.print(ConfigWriter.toYaml(experiment));
        out.println("# dry run: checked; would train into " + run.root() + (run.exists() ? " (resuming)" : ""));
        return 0;
    }

    /** The complete checkpoint of {@code step} in {@code run}, or an error listing those there are. */
    private static Path completeCheckpoint(RunDirectory run, long step) {
        List<Path> complete = run.completeCheckpoints();
        Path chosen = run.checkpoint(step);
        if (!complete.contains(chosen)) {
            throw new UserInputException("--from-checkpoint " + step + ": " + run.checkpoints() + " has no complete checkpoint "
                    + chosen.getFileName() + "; complete: " + (complete.isEmpty() ? "none"
                            : complete.stream().map(p -> String.valueOf(Checkpoints.step(p))).collect(Collectors.joining(", "))));
        }
        return chosen;
    }

    /**
     * Resuming from an earlier checkpoint: it must be whole, and the newer ones are renamed out of
     * the way (kept for inspection), so that the run continues from the chosen one.
     */
    private static void setAsideNewerThan(RunDirectory run, long step, PrintWriter out) throws IOException {
        Path chosen = completeCheckpoint(run, step);
        Checkpoints.verify(chosen);
        for (Path newer : run.completeCheckpoints()) {
            if (newer.getFileName().toString().compareTo(chosen.getFileName().toString()) > 0) {
                Path aside = newer.resolveSibling("set-aside-" + newer.getFileName() + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                Files.move(newer, aside, StandardCopyOption.ATOMIC_MOVE);
                out.println("set aside " + newer.getFileName() + " (newer than step " + step + ") as " + aside);
            }
        }
    }

    /** A run directory belongs to one experiment: refuse to mix another into it. */
    static void checkSameExperiment(Experiment stored, Experiment given, RunDirectory run) {
        Map<String, Object> a = flatten(stored.resolved());
        Map<String, Object> b = flatten(given.resolved());
        List<String> differences = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) {
            if (!RESUMABLE_CHANGES.contains(key) && !Objects.equals(String.valueOf(a.get(key)), String.valueOf(b.get(key)))) {
                differences.add(key + " (run: " + a.get(key) + ", given: " + b.get(key) + ")");
            }
        }
        if (!differences.isEmpty()) {
            throw new UserInputException(run.root() + " holds a run of a different config; differing keys: "
                    + String.join(", ", differences) + ". Use another --run-dir.");
        }
    }

    static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new java.util.TreeMap<>();
        flatten("", tree, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> flat) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map) {
                flatten(key, (Map<String, Object>) e.getValue(), flat);
            } else {
                flat.put(key, e.getValue());
            }
        }
    }
}

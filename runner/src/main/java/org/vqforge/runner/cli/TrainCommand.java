package org.vqforge.runner.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.config.ConfigWriter;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.eval.FrechetMeasurement;
import org.vqforge.runner.files.Hashing;
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
            "train.steps and train.epochs may grow)."})
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

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Plugins plugins = Runs.discover(spec.commandLine().getErr());
        Experiment experiment = new ConfigResolver(plugins).resolve(config, overrides);
        FrechetMeasurement.check(experiment, config);
        RunDirectory run = new RunDirectory(runDir != null ? runDir
                : Path.of("runs", experiment.name() + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        if (run.exists()) {
            checkSameExperiment(Runs.stored(plugins, run), experiment, run);
            spec.commandLine().getOut().println("resuming " + run.root()
                    + run.latestCheckpoint().map(c -> " from " + c.getFileName()).orElse(" from the start"));
        }
        ConfigWriter.write(experiment, run.config());
        String hash = Hashing.sha256(run.config());
        TrainingLoop loop = Runs.injector(plugins, experiment, run, hash,
                quiet ? RunnerModule.Listeners.QUIET : RunnerModule.Listeners.ALL,
                new org.vqforge.runner.study.provenance.ProvenanceModule()).getInstance(TrainingLoop.class);
        loop.run();
        return 0;
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

package org.vqforge.runner.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.vqforge.runner.embed.ConfiguredExperiment;
import org.vqforge.runner.embed.Experiments;
import org.vqforge.runner.embed.TrainOptions;
import org.vqforge.runner.embed.TrainingObserver;
import org.vqforge.runner.train.RunDirectory;
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
        PrintWriter err = spec.commandLine().getErr();
        ConfiguredExperiment experiment = Experiments.configure(Runs.discover(err), config, overrides, err::println);
        Path run = runDir != null ? runDir : experiment.defaultRunDirectory();
        OptionalLong from = fromCheckpoint == null ? OptionalLong.empty() : OptionalLong.of(fromCheckpoint);
        if (dryRun) {
            experiment.check(run, from);
            out.print(experiment.resolvedYaml());
            out.println("# dry run: checked; would train into " + run + (Files.exists(run.resolve(RunDirectory.CONFIG))
                    ? " (resuming)" : ""));
            return 0;
        }
        experiment.trainInto(run, quiet ? TrainingObserver.none() : new ProgressObserver(),
                new TrainOptions(from, false, out::println));
        return 0;
    }
}

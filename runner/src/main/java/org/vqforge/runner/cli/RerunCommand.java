package org.vqforge.runner.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.vqforge.runner.embed.ConfiguredExperiment;
import org.vqforge.runner.embed.Experiments;
import org.vqforge.runner.embed.TrainOptions;
import org.vqforge.runner.embed.TrainingObserver;
import org.vqforge.runner.files.Hashing;
import org.vqforge.runner.provenance.Provenance;
import org.vqforge.runner.provenance.RunComparison;
import org.vqforge.runner.train.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rerun", mixinStandardHelpOptions = true,
        description = {"Runs a recorded run again from its provenance: the same resolved config and seed, checked",
            "against the recorded config and dataset hashes, into a new run directory; then compares the",
            "metrics (timings aside) and the evaluation with the original's."})
final class RerunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory with provenance.json")
    Path original;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "where the rerun goes (default: RUN_DIR-rerun-TIMESTAMP)")
    Path runDir;

    @Option(names = "--check", description = "exit 1 when the rerun's metrics differ from the original's")
    boolean check;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RunDirectory source = new RunDirectory(original);
        JsonObject record = Provenance.read(source.root()).orElseThrow(() -> new UserInputException(
                source.root() + " has no readable " + Provenance.FILE + "; only recorded runs can be rerun"));
        if (!source.exists()) {
            throw new UserInputException(source.root() + " is not a run directory (no " + RunDirectory.CONFIG + ")");
        }
        String recordedHash = record.get("configSha256").getAsString();
        if (!recordedHash.equals(Hashing.sha256(source.config()))) {
            throw new UserInputException(source.config() + " changed since the run: its SHA-256 differs from "
                    + Provenance.FILE + "'s configSha256 " + recordedHash);
        }
        checkDatasets(record);
        ConfiguredExperiment experiment = Experiments.configure(Runs.discover(spec.commandLine().getErr()),
                source.config(), List.of(), spec.commandLine().getErr()::println);
        Path rerun = runDir != null ? runDir : source.root().resolveSibling(source.root().getFileName() + "-rerun-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        out.println("rerunning " + source.root() + " (seed " + experiment.seed() + ") into " + rerun);
        experiment.trainInto(rerun, quiet ? TrainingObserver.none() : new ProgressObserver(),
                new TrainOptions(OptionalLong.empty(), true, out::println));
        RunComparison comparison = RunComparison.of(source.root(), rerun);
        out.println(comparison.summary());
        return check && !comparison.identical() ? ErrorHandler.FAILURE : 0;
    }

    /** The rerun must read the same bytes: every recorded dataset file must still hash the same. */
    private static void checkDatasets(JsonObject record) throws IOException {
        if (!record.has("datasets")) {
            return;
        }
        for (JsonElement e : record.getAsJsonArray("datasets")) {
            Path file = Path.of(e.getAsJsonObject().get("file").getAsString());
            String sha = e.getAsJsonObject().get("sha256").getAsString();
            if (!Files.isRegularFile(file)) {
                throw new UserInputException("dataset file " + file + " of the original run is missing");
            }
            if (!sha.equals(Hashing.sha256(file))) {
                throw new UserInputException("dataset file " + file + " changed since the original run (SHA-256 differs)");
            }
        }
    }
}

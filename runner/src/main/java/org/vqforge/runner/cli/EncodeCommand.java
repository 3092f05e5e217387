package org.vqforge.runner.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vqforge.runner.embed.TrainedRun;
import org.vqforge.runner.tokens.Split;
import org.vqforge.runner.tokens.TokenFiles;
import org.vqforge.runner.tokens.TokenHeader;
import org.vqforge.runner.tokens.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Writes the code indices of a run's training or test images (with their labels where the dataset has them)"
            + " as a token file, through the encoder and quantizer of the run's last checkpoint (README: Token files).")
final class EncodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Option(names = "--split", defaultValue = "train", paramLabel = "SPLIT",
            description = "train or test (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--out", paramLabel = "FILE", description = "token file (default: RUN_DIR/tokens-SPLIT" + TokenFiles.EXTENSION + ")")
    Path out;

    @Override
    public Integer call() throws Exception {
        Split chosen = split(split);
        try (TrainedRun run = TrainedRun.open(runDir, Runs.discover(spec.commandLine().getErr()))) {
            long start = System.nanoTime();
            Tokens tokens = run.encode(chosen);
            double seconds = (System.nanoTime() - start) / 1e9;
            Path file = out != null ? out : defaultFile(runDir, chosen);
            TokenFiles.write(file, tokens);
            TokenHeader h = tokens.header();
            spec.commandLine().getErr().printf("encode: %d %s images -> [%d, %d, %d, %d] indices of %d codes%s in %.1f s"
                    + " (%.0f images/s)%n", h.count(), chosen.label(), h.count(), h.height(), h.width(), h.planes(),
                    h.codebookSize(), h.hasLabels() ? ", " + h.classes() + " classes of labels" : ", no labels", seconds,
                    h.count() / seconds);
            spec.commandLine().getOut().println(file.toAbsolutePath());
        }
        return 0;
    }

    /** Where {@code encode} writes a split's tokens unless told otherwise. */
    static Path defaultFile(Path runDir, Split split) {
        return runDir.resolve("tokens-" + split.label() + TokenFiles.EXTENSION);
    }

    private static Split split(String name) {
        try {
            return Split.named(name, Split.DATASET);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--split: " + e.getMessage());
        }
    }
}

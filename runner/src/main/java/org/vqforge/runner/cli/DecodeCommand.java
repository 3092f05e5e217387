package org.vqforge.runner.cli;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vqforge.runner.eval.ImageGrid;
import org.vqforge.runner.embed.TrainedRun;
import org.vqforge.runner.tokens.TokenFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Turns the code indices of a token file back into images (the quantizer's lookup, then the decoder of the"
            + " run's last checkpoint) and writes them as a PNG grid. The run must be the tokenizer that made the file.")
final class DecodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Parameters(index = "1", paramLabel = "TOKENS", description = "a token file written by vqf encode")
    Path tokensFile;

    @Option(names = "--out", paramLabel = "PNG", description = "PNG file (default: TOKENS with .png for its ending)")
    Path out;

    @Mixin
    GridOptions grid;

    @Override
    public Integer call() throws Exception {
        grid.check();
        // the file is checked before the model is restored: a bad file costs no time
        int n = Math.min(grid.count, TokenFiles.readHeader(tokensFile).count());
        if (n == 0) {
            throw new UserInputException(tokensFile + ": holds no images");
        }
        try (TrainedRun run = TrainedRun.open(runDir, Runs.discover(spec.commandLine().getErr()))) {
            float[] images = run.decode(run.readTokens(tokensFile), 0, n);
            Path file = out != null ? out : defaultFile(tokensFile);
            Shape image = run.imageShape();
            ImageGrid.write(file, images, n, grid.columns, (int) image.get(0), (int) image.get(1), (int) image.get(2));
            spec.commandLine().getOut().println(file.toAbsolutePath());
        }
        return 0;
    }

    /** TOKENS with its ending replaced by .png. */
    static Path defaultFile(Path tokens) {
        String name = tokens.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return tokens.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
    }
}

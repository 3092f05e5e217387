package org.vqforge.runner.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vqforge.runner.embed.RunDirectories;
import org.vqforge.runner.eval.Reconstructions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Writes a PNG grid of test images (rows of originals, each above its reconstructions).")
final class ReconstructCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Option(names = "--out", paramLabel = "FILE", description = "PNG file (default: RUN_DIR/reconstructions.png)")
    Path out;

    @Mixin
    GridOptions grid;

    @Override
    public Integer call() throws Exception {
        grid.check();
        RunDirectories.Restored trained = Runs.lastCheckpoint(runDir, spec.commandLine().getErr());
        Path file = out != null ? out : trained.run().reconstructions();
        Reconstructions.write(trained.model(), trained.data().test(), grid.count, grid.columns, file);
        spec.commandLine().getOut().println(file.toAbsolutePath());
        return 0;
    }
}

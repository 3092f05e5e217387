package org.vqforge.runner.cli;

import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.eval.Reconstructions;
import org.vqforge.runner.model.VqModel;
import org.vqforge.runner.train.Checkpoints;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.train.TrainingData;
import org.vqforge.runner.wiring.RunnerModule;
import picocli.CommandLine.Command;
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

    @Option(names = "--count", defaultValue = "32", description = "test images shown (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--columns", defaultValue = "16", description = "images per row (default: ${DEFAULT-VALUE})")
    int columns;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || columns < 1) {
            throw new UserInputException("--count and --columns must be at least 1");
        }
        Plugins plugins = Runs.discover(spec.commandLine().getErr());
        RunDirectory run = new RunDirectory(runDir);
        Experiment experiment = Runs.stored(plugins, run);
        Path checkpoint = run.latestCheckpoint().orElseThrow(() ->
                new UserInputException(run.root() + " has no complete checkpoint"));
        Injector injector = Runs.injector(plugins, experiment, run, Runs.sha256(run.config()), RunnerModule.Listeners.NONE);
        VqModel model = injector.getInstance(VqModel.class);
        Checkpoints.load(checkpoint, model, null, model.manager());
        Path file = out != null ? out : run.reconstructions();
        Reconstructions.write(model, injector.getInstance(TrainingData.class).test(), count, columns, file);
        spec.commandLine().getOut().println(file.toAbsolutePath());
        return 0;
    }
}

package org.vqforge.runner.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vqforge.runner.embed.RunDirectoryException;
import org.vqforge.runner.recipe.Recipes;
import org.vqforge.runner.report.RunPage;
import org.vqforge.runner.report.RunSections;
import org.vqforge.runner.report.TrainingCurves;
import org.vqforge.runner.train.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes a run's page: one self-contained HTML file with its losses and metrics over steps,",
            "its model type's figures (for a tokenizer: code usage, reconstructions), its evaluation and config.",
            "Parts the run has not written yet are named on the page. train writes it when a run completes."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Option(names = "--out", paramLabel = "FILE", description = "HTML file (default: RUN_DIR/report.html)")
    Path out;

    @Override
    public Integer call() throws Exception {
        RunDirectory run = new RunDirectory(runDir);
        if (!run.exists()) {
            throw new RunDirectoryException(run.root() + " is not a run directory ("
                    + (Files.isDirectory(run.root()) ? "no " + RunDirectory.CONFIG : "no such directory") + ")");
        }
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> type = RunPage.modelType(run);
        RunSections sections = new TrainingCurves();
        if (type.isPresent() && Recipes.TYPES.names().contains(type.get())) {
            sections = Recipes.of(type.get()).pageSections();
        } else {
            err.println("note: model.type " + type.map(t -> "'" + t + "' is not one of " + Recipes.TYPES.names())
                    .orElse("cannot be read from " + run.config()) + ": the page shows the training curves, evaluation "
                    + "and config only");
        }
        Path file = out != null ? out : RunPage.defaultFile(run);
        List<String> missing = RunPage.write(run, sections, file);
        missing.forEach(m -> err.println("note: not on the page: " + m));
        spec.commandLine().getOut().println(file.toAbsolutePath());
        return 0;
    }
}

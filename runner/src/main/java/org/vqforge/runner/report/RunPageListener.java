package org.vqforge.runner.report;

import java.io.PrintStream;
import java.nio.file.Path;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.train.TrainingListener;
import org.vqforge.runner.train.TrainingSession;

/**
 * When a run completes, after its final report (evaluation, image grid): its page, report.html.
 * A page that cannot be written is a warning, not a failed run: the run's results are on disk and
 * {@code ./vqf report RUN_DIR} writes the page again.
 */
public final class RunPageListener implements TrainingListener {

    private final RunSections sections;
    private final PrintStream console;
    private final PrintStream warnings;

    /** Pages with the model type's {@code sections}; says where the page is on standard output. */
    public RunPageListener(RunSections sections) {
        this(sections, System.out, System.err);
    }

    RunPageListener(RunSections sections, PrintStream console, PrintStream warnings) {
        this.sections = sections;
        this.console = console;
        this.warnings = warnings;
    }

    @Override
    public void onEnd(TrainingSession session, boolean completed) {
        if (!completed) {
            return;
        }
        RunDirectory run = session.runDirectory();
        Path page = RunPage.defaultFile(run);
        try {
            RunPage.write(run, sections, page);
            console.println("report: " + page);
        } catch (Exception | LinkageError e) {
            warnings.println("warning: the run completed and its results are in " + run.root() + ", but "
                    + RunPage.FILE + " could not be written (" + e + "); ./vqf report " + run.root() + " retries");
        }
    }
}

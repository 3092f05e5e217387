package org.vqforge.runner.report;

import java.io.IOException;
import java.util.List;
import org.vqforge.runner.train.RunDirectory;

/**
 * What a model type shows of its runs on their page ({@link RunPage}), between the page's header
 * and the sections every run has (evaluation table, resolved config). A model type's recipe gives
 * its sections ({@link TrainingCurves} unless it says otherwise); a file the run has not written yet is a {@link PageSection#missing} section, not
 * an error.
 */
@FunctionalInterface
public interface RunSections {

    /** The sections of the run in {@code run}, in page order. */
    List<PageSection> sections(RunDirectory run) throws IOException;
}

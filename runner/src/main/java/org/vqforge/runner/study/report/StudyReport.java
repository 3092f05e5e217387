package org.vqforge.runner.study.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.vqforge.runner.files.AtomicFiles;
import org.vqforge.runner.study.StudyDirectory;
import org.vqforge.runner.study.Trial;

/** Reads every trial's results and writes results.csv, summary.md and report.html into the study folder. */
public final class StudyReport {

    private StudyReport() {}

    /** Writes the three files; returns the Markdown summary. */
    public static String write(StudyDirectory study, String name, List<String> axes, List<Trial> trials) throws IOException {
        List<TrialResult> results = new ArrayList<>();
        for (Trial t : trials) {
            results.add(ResultsReader.read(t, study.run(t)));
        }
        Summary summary = Summary.of(axes, results);
        String markdown = MarkdownSummary.text(name, summary);
        AtomicFiles.write(study.root().resolve(StudyDirectory.RESULTS_CSV),
                ResultsCsv.text(axes, results).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(study.root().resolve(StudyDirectory.SUMMARY_MD), markdown.getBytes(StandardCharsets.UTF_8));
        String html;
        try {
            html = HtmlReport.html(name, summary, results);
        } catch (RuntimeException | LinkageError e) {
            // AWT draws the charts' text with the system's fonts; a bare machine may have none
            throw new IOException("results.csv and summary.md are written, but the charts of report.html could not be "
                    + "drawn (no fonts? on Debian: apt-get install -y fonts-dejavu-core): " + e, e);
        }
        AtomicFiles.write(study.root().resolve(StudyDirectory.REPORT_HTML), html.getBytes(StandardCharsets.UTF_8));
        return markdown;
    }
}

package org.vqforge.runner.study.report;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.vqforge.runner.report.Html;

/**
 * The study's report as one self-contained HTML file: every image is a PNG data URI, the style is
 * inline, nothing is fetched. The summary table, a bar chart per metric with error bars, the loss
 * curves of every cell, and per cell its codebook-usage histogram and reconstruction grid.
 */
public final class HtmlReport {

    private static final String CELL_STYLE = ".cell{border-top:1px solid #ccc;margin-top:1.5em;padding-top:.5em}"
            + ".cell h3{flex-basis:100%;margin:0}.cell p{flex-basis:100%;margin:0}";

    private HtmlReport() {}

    public static String html(String studyName, Summary summary, List<TrialResult> results) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<h1>Study ").append(escape(studyName)).append("</h1>\n");
        h.append("<p>").append(results.size()).append(" trials in ").append(summary.cells().size())
                .append(" cells. Mean ± standard deviation across seeds; the best of each column is highlighted ")
                .append("(higher is better except the losses and wall time).</p>\n");
        table(h, summary);

        h.append("<h2>Metrics</h2>\n<div class=\"charts\">\n");
        for (Metric m : Metric.ALL) {
            h.append(Html.image(StudyCharts.bars(summary, m), "bar chart of " + m.title(), null));
        }
        h.append("</div>\n<h2>Training loss</h2>\n<div class=\"charts\">\n");
        h.append(Html.image(StudyCharts.lossCurves(summary), "training loss of every cell", null));
        h.append("</div>\n<h2>Cells</h2>\n");
        for (Summary.Cell cell : summary.cells()) {
            h.append("<div class=\"cell charts\">\n<h3>").append(escape(Summary.label(cell))).append("</h3>\n");
            TrialResult shown = cell.trials().stream().filter(t -> t.completed() && t.reconstructions() != null)
                    .findFirst().orElse(null);
            h.append("<p>How often each code is chosen on the test set (all seeds)")
                    .append(shown == null ? "." : "; reconstructions of seed " + shown.seed()
                            + ": test images above their reconstructions.").append("</p>\n");
            h.append(Html.image(StudyCharts.codeHistogram(cell), "codebook usage of " + Summary.label(cell), null));
            if (shown != null) {
                h.append(Html.image(Files.readAllBytes(shown.reconstructions()),
                        "reconstructions of " + Summary.label(cell), "grid"));
            }
            for (TrialResult t : cell.trials()) {
                if (!t.completed()) {
                    h.append("<p>Trial ").append(escape(t.id())).append(" failed:</p><pre class=\"error\">")
                            .append(escape(String.valueOf(t.error()))).append("</pre>\n");
                }
            }
            h.append("</div>\n");
        }
        return Html.page("Study " + studyName, CELL_STYLE, h.toString());
    }

    private static void table(StringBuilder h, Summary summary) {
        List<String> labels = new ArrayList<>(summary.axes().isEmpty() ? List.of("cell") : summary.axes());
        h.append("<table id=\"summary\">\n<tr>");
        labels.forEach(a -> h.append("<th>").append(escape(a)).append("</th>"));
        h.append("<th>seeds</th><th>failed</th>");
        Metric.ALL.forEach(m -> h.append("<th>").append(escape(m.title())).append("</th>"));
        h.append("</tr>\n");
        for (int i = 0; i < summary.cells().size(); i++) {
            Summary.Cell cell = summary.cells().get(i);
            h.append("<tr>");
            if (summary.axes().isEmpty()) {
                h.append("<td class=\"label\">").append(escape(cell.name())).append("</td>");
            } else {
                summary.axes().forEach(a -> h.append("<td class=\"label\">")
                        .append(escape(cell.labels().getOrDefault(a, ""))).append("</td>"));
            }
            h.append("<td>").append(cell.completed()).append("</td>");
            h.append(cell.failed() > 0 ? "<td class=\"failed\">" : "<td>").append(cell.failed()).append("</td>");
            for (Metric m : Metric.ALL) {
                h.append(summary.best(m) == i ? "<td class=\"best\">" : "<td>")
                        .append(escape(Summary.meanSd(m, cell.stat(m)))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static String escape(String text) {
        return Html.escape(text);
    }
}

package org.vqforge.runner.study.report;

import java.util.ArrayList;
import java.util.List;

/** The summary table in Markdown: one row per cell, mean ± sd across seeds, the best of each column in bold. */
public final class MarkdownSummary {

    private MarkdownSummary() {}

    public static String text(String studyName, Summary summary) {
        List<String> header = new ArrayList<>(summary.axes().isEmpty() ? List.of("cell") : summary.axes());
        header.addAll(List.of("seeds", "failed"));
        Metric.ALL.forEach(m -> header.add(m.title()));
        StringBuilder md = new StringBuilder();
        md.append("## Study ").append(studyName).append("\n\n");
        md.append("Mean ± standard deviation across seeds; best of each column in **bold** (")
                .append("higher is better except the losses and wall time).\n\n");
        row(md, header);
        List<String> rule = new ArrayList<>();
        header.forEach(h -> rule.add("---"));
        row(md, rule);
        for (int i = 0; i < summary.cells().size(); i++) {
            Summary.Cell cell = summary.cells().get(i);
            List<String> cells = new ArrayList<>();
            if (summary.axes().isEmpty()) {
                cells.add(cell.name());
            } else {
                summary.axes().forEach(a -> cells.add(cell.labels().getOrDefault(a, "")));
            }
            cells.add(Long.toString(cell.completed()));
            cells.add(Long.toString(cell.failed()));
            for (Metric m : Metric.ALL) {
                String value = Summary.meanSd(m, cell.stat(m));
                cells.add(summary.best(m) == i && !value.isEmpty() ? "**" + value + "**" : value);
            }
            row(md, cells);
        }
        return md.toString();
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append("| ").append(String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
    }
}

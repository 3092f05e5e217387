package org.vqforge.runner.study.report;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code results.csv}: one row per trial. Written with Commons CSV because the error column holds
 * arbitrary log lines (commas, quotes, newlines) that must be quoted by the RFC 4180 rules.
 */
public final class ResultsCsv {

    private ResultsCsv() {}

    /** Columns: trial, cell, one per axis, seed, status, the metrics, error, run_dir. */
    public static List<String> header(List<String> axes) {
        List<String> header = new ArrayList<>(List.of("trial", "cell"));
        header.addAll(axes);
        header.addAll(List.of("seed", "status"));
        Metric.ALL.forEach(m -> header.add(m.key()));
        header.addAll(List.of("error", "run_dir"));
        return header;
    }

    public static String text(List<String> axes, List<TrialResult> results) throws IOException {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(header(axes).toArray(String[]::new)).get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (TrialResult r : results) {
                List<Object> row = new ArrayList<>(List.of(r.id(), r.cell()));
                for (String axis : axes) {
                    row.add(r.labels().getOrDefault(axis, ""));
                }
                row.add(r.seed());
                row.add(r.status());
                for (Metric m : Metric.ALL) {
                    double v = r.metric(m);
                    // full precision: the CSV is for analysis, the tables round
                    row.add(Double.isFinite(v) ? Double.toString(v) : "");
                }
                row.add(r.error() == null ? "" : r.error());
                row.add(r.runDirectory().getFileName().toString());
                printer.printRecord(row);
            }
        }
        return out.toString();
    }
}

package org.vqforge.runner.study.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean and standard deviation across seeds of every metric, per cell (a combination of axis
 * values), and which cell is best in each column. Failed trials are counted, not averaged.
 *
 * @param axes the axis names, in order
 * @param cells one per combination, in study order
 */
public record Summary(List<String> axes, List<Cell> cells) {

    /**
     * Mean and sample standard deviation (n - 1) of the completed trials; sd is NaN for one value.
     */
    public record Stat(double mean, double sd, int n) {

        static Stat of(List<Double> values) {
            List<Double> finite = values.stream().filter(Double::isFinite).toList();
            int n = finite.size();
            if (n == 0) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double mean = finite.stream().mapToDouble(Double::doubleValue).sum() / n;
            if (n == 1) {
                return new Stat(mean, Double.NaN, 1);
            }
            double ss = 0;
            for (double v : finite) {
                ss += (v - mean) * (v - mean);
            }
            return new Stat(mean, Math.sqrt(ss / (n - 1)), n);
        }
    }

    /**
     * One combination of axis values.
     *
     * @param name the cell's name (its trials' ids without the seed)
     * @param labels axis name to value label
     * @param trials its trials, completed or not
     * @param stats each metric key to its statistic over the completed trials
     */
    public record Cell(String name, Map<String, String> labels, List<TrialResult> trials, Map<String, Stat> stats) {

        public long completed() {
            return trials.stream().filter(TrialResult::completed).count();
        }

        public long failed() {
            return trials.size() - completed();
        }

        public Stat stat(Metric m) {
            return stats.get(m.key());
        }
    }

    /** Groups the trials by cell, in order of first appearance. */
    public static Summary of(List<String> axes, List<TrialResult> results) {
        Map<String, List<TrialResult>> byCell = new LinkedHashMap<>();
        for (TrialResult r : results) {
            byCell.computeIfAbsent(r.cell(), c -> new ArrayList<>()).add(r);
        }
        List<Cell> cells = new ArrayList<>();
        byCell.forEach((name, trials) -> {
            Map<String, Stat> stats = new LinkedHashMap<>();
            for (Metric m : Metric.ALL) {
                stats.put(m.key(), Stat.of(trials.stream().filter(TrialResult::completed).map(t -> t.metric(m)).toList()));
            }
            cells.add(new Cell(name, trials.get(0).labels(), trials, stats));
        });
        return new Summary(List.copyOf(axes), cells);
    }

    /** The index of the cell with the best mean in {@code metric}, or -1 when no cell has a value. */
    public int best(Metric metric) {
        int best = -1;
        for (int i = 0; i < cells.size(); i++) {
            double v = cells.get(i).stat(metric).mean();
            if (Double.isFinite(v) && (best < 0 || metric.better(v, cells.get(best).stat(metric).mean()))) {
                best = i;
            }
        }
        return best;
    }

    /** "mean ± sd" (or the mean alone for one seed; empty with none). */
    public static String meanSd(Metric m, Stat s) {
        if (s.n() == 0) {
            return "";
        }
        return Double.isFinite(s.sd()) ? m.format(s.mean()) + " ± " + m.format(s.sd()) : m.format(s.mean());
    }

    /** A cell's label for charts and tables: its axis values, or its name when it has none. */
    public static String label(Cell cell) {
        if (cell.labels().isEmpty()) {
            return cell.name();
        }
        List<String> parts = new ArrayList<>();
        cell.labels().forEach((axis, value) -> parts.add(axis + "=" + value));
        return String.join(", ", parts);
    }

}

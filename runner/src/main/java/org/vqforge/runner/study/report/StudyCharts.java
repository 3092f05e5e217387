package org.vqforge.runner.study.report;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.vqforge.runner.report.Charts;

/** The study report's charts: metrics across cells, loss curves and code usage per cell. */
final class StudyCharts {

    private StudyCharts() {}

    /** One bar per cell: the mean across seeds, with ± one standard deviation as the error bar. */
    static byte[] bars(Summary summary, Metric metric) throws IOException {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Summary.Cell cell : summary.cells()) {
            Summary.Stat s = cell.stat(metric);
            if (s.n() > 0) {
                data.add(s.mean(), Double.isFinite(s.sd()) ? s.sd() : 0.0, metric.title(), Summary.label(cell));
            }
        }
        CategoryAxis cells = new CategoryAxis(null);
        if (summary.cells().size() > 4) {
            cells.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        NumberAxis values = new NumberAxis(metric.title());
        values.setAutoRangeIncludesZero(false);
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setErrorIndicatorPaint(Color.BLACK);
        renderer.setSeriesPaint(0, new Color(0x4C72B0));
        renderer.setShadowVisible(false);
        CategoryPlot plot = new CategoryPlot(data, cells, values, renderer);
        return Charts.png(new JFreeChart(metric.title() + " (mean ± sd across seeds)", JFreeChart.DEFAULT_TITLE_FONT,
                plot, false), Charts.WIDTH, Charts.HEIGHT);
    }

    /** The training loss of every cell on one chart: the mean across its seeds at each logged step. */
    static byte[] lossCurves(Summary summary) throws IOException {
        List<Charts.Series> series = new ArrayList<>();
        for (Summary.Cell cell : summary.cells()) {
            Map<Double, double[]> byStep = new TreeMap<>();
            for (TrialResult t : cell.trials()) {
                if (!t.completed()) {
                    continue;
                }
                for (double[] point : t.lossCurve()) {
                    double[] sum = byStep.computeIfAbsent(point[0], s -> new double[2]);
                    sum[0] += point[1];
                    sum[1]++;
                }
            }
            if (!byStep.isEmpty()) {
                List<double[]> means = new ArrayList<>();
                byStep.forEach((step, sum) -> means.add(new double[] {step, sum[0] / sum[1]}));
                series.add(new Charts.Series(Summary.label(cell), means));
            }
        }
        return Charts.lines("Training loss (mean across seeds)", "loss", series, true, 2 * Charts.WIDTH, Charts.HEIGHT + 100);
    }

    /** How often each code was chosen on the test set, summed over the cell's seeds. */
    static byte[] codeHistogram(Summary.Cell cell) throws IOException {
        List<long[]> all = cell.trials().stream().filter(TrialResult::completed).map(TrialResult::codeCounts)
                .filter(c -> c.length > 0).toList();
        int size = all.isEmpty() ? 0 : all.get(0).length;
        long[] totals = new long[size];
        for (long[] counts : all) {
            for (int code = 0; code < Math.min(size, counts.length); code++) {
                totals[code] += counts[code];
            }
        }
        return Charts.histogram(Summary.label(cell) + ": " + Charts.used(totals) + " of " + size + " codes used", totals);
    }
}

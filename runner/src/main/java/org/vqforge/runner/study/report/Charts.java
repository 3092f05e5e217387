package org.vqforge.runner.study.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts, drawn by JFreeChart and encoded as PNG. */
public final class Charts {

    static final int WIDTH = 560;
    static final int HEIGHT = 300;

    static {
        // charts are drawn into images; no display is needed or wanted
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {}

    /** One bar per cell: the mean across seeds, with ± one standard deviation as the error bar. */
    public static byte[] bars(Summary summary, Metric metric) throws IOException {
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
        return png(new JFreeChart(metric.title() + " (mean ± sd across seeds)", JFreeChart.DEFAULT_TITLE_FONT, plot, false));
    }

    /** The training loss of every cell on one chart: the mean across its seeds at each logged step. */
    public static byte[] lossCurves(Summary summary) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
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
            if (byStep.isEmpty()) {
                continue;
            }
            XYSeries series = new XYSeries(Summary.label(cell), false, true);
            for (Map.Entry<Double, double[]> e : byStep.entrySet()) {
                double mean = e.getValue()[0] / e.getValue()[1];
                min = Math.min(min, mean);
                max = Math.max(max, mean);
                series.add(e.getKey().doubleValue(), mean);
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Training loss (mean across seeds)", "step", "loss", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (min > 0 && max / min > 20) {
            // losses that fall by decades read better on a log scale
            LogAxis log = new LogAxis("loss (log scale)");
            log.setSmallestValue(1e-6);
            plot.setRangeAxis(log);
        } else {
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        plot.setRenderer(renderer);
        return png(chart, 2 * WIDTH, HEIGHT + 100);
    }

    /** How often each code was chosen on the test set, summed over the cell's seeds. */
    public static byte[] codeHistogram(Summary.Cell cell) throws IOException {
        List<long[]> all = cell.trials().stream().filter(TrialResult::completed).map(TrialResult::codeCounts)
                .filter(c -> c.length > 0).toList();
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries series = new XYSeries("count", true, false);
        int used = 0;
        int size = all.isEmpty() ? 0 : all.get(0).length;
        for (int code = 0; code < size; code++) {
            long total = 0;
            for (long[] counts : all) {
                total += code < counts.length ? counts[code] : 0;
            }
            used += total > 0 ? 1 : 0;
            series.add(code, total);
        }
        data.addSeries(series);
        JFreeChart chart = ChartFactory.createXYBarChart(Summary.label(cell) + ": " + used + " of " + size + " codes used",
                "code index", false, "count", data, PlotOrientation.VERTICAL, false, false, false);
        XYBarRenderer renderer = (XYBarRenderer) chart.getXYPlot().getRenderer();
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        renderer.setSeriesPaint(0, new Color(0x55A868));
        return png(chart, WIDTH, HEIGHT * 5 / 6);
    }

    private static byte[] png(JFreeChart chart) throws IOException {
        return png(chart, WIDTH, HEIGHT);
    }

    private static byte[] png(JFreeChart chart, int width, int height) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (chart.getPlot() instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, width, height);
        return out.toByteArray();
    }
}

package org.vqforge.runner.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Charts of the reports, drawn by JFreeChart and encoded as PNG. */
public final class Charts {

    public static final int WIDTH = 560;
    public static final int HEIGHT = 300;

    static {
        // charts are drawn into images; no display is needed or wanted
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * One line of a chart.
     *
     * @param name its legend entry
     * @param points (x, y) pairs in x order
     */
    public record Series(String name, List<double[]> points) {}

    private Charts() {}

    /**
     * Lines over steps, on a log scale when {@code logIfWide} and the values all stay positive and
     * span more than a factor of 20 (losses that fall by decades, terms of different sizes).
     */
    public static byte[] lines(String title, String yLabel, List<Series> series, boolean logIfWide, int width,
            int height) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            XYSeries line = new XYSeries(s.name(), false, true);
            for (double[] p : s.points()) {
                if (Double.isFinite(p[1])) {
                    min = Math.min(min, p[1]);
                    max = Math.max(max, p[1]);
                    line.add(p[0], p[1]);
                }
            }
            data.addSeries(line);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "step", yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (logIfWide && min > 0 && max / min > 20) {
            LogAxis log = new LogAxis(yLabel + " (log scale)");
            log.setSmallestValue(1e-6);
            // ticks as plain values (0.0125), not as powers with fractional exponents
            log.setNumberFormatOverride(new SignificantDigits());
            plot.setRangeAxis(log);
        } else {
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        plot.setRenderer(renderer);
        return png(chart, width, height);
    }

    /** One bar per code: how often it was chosen. */
    public static byte[] histogram(String title, long[] counts) throws IOException {
        XYSeries series = new XYSeries("count", true, false);
        for (int code = 0; code < counts.length; code++) {
            series.add(code, counts[code]);
        }
        JFreeChart chart = ChartFactory.createXYBarChart(title, "code index", false, "count",
                new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, false, false);
        XYBarRenderer renderer = (XYBarRenderer) chart.getXYPlot().getRenderer();
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setSeriesPaint(0, new Color(0x55A868));
        return png(chart, WIDTH, HEIGHT * 5 / 6);
    }

    /** Three significant digits, for the ticks of a log axis. */
    private static final class SignificantDigits extends NumberFormat {

        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
            return to.append(tick(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
            return to.append(number);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("tick labels are not parsed");
        }
    }

    /** A tick label: three significant digits without trailing zeros in the fraction (100 stays 100). */
    static String tick(double value) {
        String text = String.format(Locale.ROOT, "%.3g", value);
        return text.replaceFirst("(\\.\\d*?)0+(?=e|$)", "$1").replaceFirst("\\.(?=e|$)", "");
    }

    /** How many codes were chosen at least once. */
    public static int used(long[] counts) {
        int used = 0;
        for (long c : counts) {
            used += c > 0 ? 1 : 0;
        }
        return used;
    }

    /** The chart on white with light grid lines, as PNG. */
    public static byte[] png(JFreeChart chart, int width, int height) throws IOException {
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

package org.asvit.cli;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The charts of a run folder ({@code search.png}, {@code grow.png}, ...), drawn by XChart off screen.
 * A chart is described by a {@link Panel}: its titles, its series and optional point labels and
 * vertical marker lines; {@link #render} draws one panel, {@link #sideBySide} joins panels into one
 * image. Non-finite points are left out of a series (a bad repeat has no value to plot).
 */
public final class Charts {
    /** Pixel size of one panel. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 420;

    static {
        // Charts are files, never windows: keep AWT off any display (CI has none).
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** How a series is drawn. */
    public enum Style { LINE, POINTS, LINE_AND_POINTS }

    /** One series: a name for the legend and its points. */
    public record Series(String name, double[] x, double[] y, Style style, boolean secondAxis) {
        public Series {
            Objects.requireNonNull(name, "name");
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values and "
                        + y.length + " y values");
            }
        }

        public static Series line(String name, double[] x, double[] y) {
            return new Series(name, x, y, Style.LINE, false);
        }

        public static Series points(String name, double[] x, double[] y) {
            return new Series(name, x, y, Style.POINTS, false);
        }

        /** The same series drawn against the right-hand y axis. */
        public Series onSecondAxis() {
            return new Series(name, x, y, style, true);
        }

        /** The same series drawn as a line with markers. */
        public Series withMarkers() {
            return new Series(name, x, y, Style.LINE_AND_POINTS, secondAxis);
        }
    }

    /** A text at a data point, e.g. the step number beside a point. */
    public record Label(String text, double x, double y) {
    }

    /**
     * One chart.
     *
     * @param title         the title above it
     * @param xLabel        the x axis title
     * @param yLabel        the left y axis title
     * @param secondYLabel  the right y axis title, or null when no series uses it
     * @param series        what to draw
     * @param labels        texts at data points
     * @param verticalLines x positions of vertical marker lines (e.g. where a schedule changes)
     * @param logY          whether the left y axis is logarithmic
     */
    public record Panel(String title, String xLabel, String yLabel, String secondYLabel, List<Series> series,
                        List<Label> labels, double[] verticalLines, boolean logY) {
        public Panel {
            series = List.copyOf(series);
            labels = List.copyOf(labels);
            verticalLines = verticalLines.clone();
        }

        public static Panel of(String title, String xLabel, String yLabel, Series... series) {
            return new Panel(title, xLabel, yLabel, null, Arrays.asList(series), List.of(), new double[0], false);
        }

        public Panel withSecondAxis(String label) {
            return new Panel(title, xLabel, yLabel, label, series, labels, verticalLines, logY);
        }

        public Panel withLabels(List<Label> newLabels) {
            return new Panel(title, xLabel, yLabel, secondYLabel, series, newLabels, verticalLines, logY);
        }

        public Panel withVerticalLines(double... xs) {
            return new Panel(title, xLabel, yLabel, secondYLabel, series, labels, xs, logY);
        }

        public Panel withLogY() {
            return new Panel(title, xLabel, yLabel, secondYLabel, series, labels, verticalLines, true);
        }
    }

    private Charts() {
    }

    /** Draws one panel. */
    public static BufferedImage render(Panel panel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(panel.title())
                .xAxisTitle(panel.xLabel()).yAxisTitle(panel.yLabel()).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisLogarithmic(panel.logY());
        chart.getStyler().setXAxisDecimalPattern("#,###.##");
        boolean anySeries = false;
        for (Series s : panel.series()) {
            double[][] finite = finitePoints(s.x(), s.y(), panel.logY() && !s.secondAxis());
            if (finite[0].length == 0) {
                continue;
            }
            XYSeries drawn = chart.addSeries(s.name(), finite[0], finite[1]);
            switch (s.style()) {
                case LINE -> {
                    drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    drawn.setMarker(SeriesMarkers.NONE);
                }
                case POINTS -> drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                case LINE_AND_POINTS -> drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
            if (s.secondAxis()) {
                drawn.setYAxisGroup(1);
            }
            anySeries = true;
        }
        if (panel.secondYLabel() != null) {
            chart.setYAxisGroupTitle(1, panel.secondYLabel());
        }
        if (!anySeries) {
            // XChart cannot draw an empty chart; an empty series keeps the axes and titles.
            chart.addSeries("(no data)", new double[]{0}, new double[]{panel.logY() ? 1 : 0}).setMarker(SeriesMarkers.NONE);
        }
        for (double x : panel.verticalLines()) {
            chart.addAnnotation(new AnnotationLine(x, true, false));
        }
        if (!panel.labels().isEmpty() && anySeries) {
            labelClearOfMarkers(chart, panel);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Draws the labels above their points (not on the markers), with room above the highest point and its
     * label and beside the outermost ones, and the legend below the plot, where no point can be.
     */
    private static void labelClearOfMarkers(XYChart chart, Panel panel) {
        double[] xs = panel.series().stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x()))
                .filter(Double::isFinite).toArray();
        double[] ys = panel.series().stream().filter(s -> !s.secondAxis())
                .flatMapToDouble(s -> java.util.Arrays.stream(s.y())).filter(v -> Double.isFinite(v) && (!panel.logY() || v > 0))
                .toArray();
        if (xs.length == 0 || ys.length == 0) {
            return;
        }
        double xMin = java.util.Arrays.stream(xs).min().orElseThrow();
        double xMax = java.util.Arrays.stream(xs).max().orElseThrow();
        double yMin = java.util.Arrays.stream(ys).min().orElseThrow();
        double yMax = java.util.Arrays.stream(ys).max().orElseThrow();
        // In the axis's own scale (log10 for a log axis), so the shift looks the same everywhere.
        double lo = panel.logY() ? Math.log10(yMin) : yMin;
        double hi = panel.logY() ? Math.log10(yMax) : yMax;
        double ySpan = hi - lo > 0 ? hi - lo : Math.max(Math.abs(hi), 1) * 0.1;
        double xSpan = xMax - xMin > 0 ? xMax - xMin : Math.max(Math.abs(xMax), 1) * 0.1;
        org.knowm.xchart.style.XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setXAxisMin(xMin - 0.05 * xSpan);
        styler.setXAxisMax(xMax + 0.05 * xSpan);
        double top = hi + 0.15 * ySpan;
        double bottom = lo - 0.05 * ySpan;
        styler.setYAxisMax(panel.logY() ? Math.pow(10, top) : top);
        styler.setYAxisMin(panel.logY() ? Math.pow(10, bottom) : bottom);
        for (Label label : panel.labels()) {
            if (Double.isFinite(label.x()) && Double.isFinite(label.y()) && (!panel.logY() || label.y() > 0)) {
                double shifted = (panel.logY() ? Math.log10(label.y()) : label.y()) + 0.06 * ySpan;
                chart.addAnnotation(new AnnotationText(label.text(), label.x(),
                        panel.logY() ? Math.pow(10, shifted) : shifted, false));
            }
        }
    }

    /** Panels drawn left to right into one image. */
    public static BufferedImage sideBySide(Panel... panels) {
        return grid(panels.length, panels);
    }

    /** Panels drawn row by row, {@code columns} to a row, into one image. */
    public static BufferedImage grid(int columns, Panel... panels) {
        if (columns < 1 || panels.length == 0) {
            throw new IllegalArgumentException("need at least one panel and one column");
        }
        int rows = (panels.length + columns - 1) / columns;
        BufferedImage joined = new BufferedImage(Math.min(columns, panels.length) * WIDTH, rows * HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = joined.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, joined.getWidth(), joined.getHeight());
            for (int i = 0; i < panels.length; i++) {
                g.drawImage(render(panels[i]), (i % columns) * WIDTH, (i / columns) * HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        return joined;
    }

    private static double[][] finitePoints(double[] x, double[] y, boolean positiveOnly) {
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!positiveOnly || y[i] > 0)) {
                kept.add(new double[]{x[i], y[i]});
            }
        }
        double[][] out = new double[2][kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            out[0][i] = kept.get(i)[0];
            out[1][i] = kept.get(i)[1];
        }
        return out;
    }
}

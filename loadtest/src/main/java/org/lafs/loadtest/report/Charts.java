package org.lafs.loadtest.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

/** PNG charts with JFreeChart, rendered headless. */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /**
     * A grouped bar chart: {@code series -> (category -> value)}, e.g. medians per configuration.
     */
    public static void bars(Path file, String title, String categoryAxis, String valueAxis,
                            Map<String, Map<String, Double>> series) throws IOException {
        save(file, series, d -> ChartFactory.createBarChart(title, categoryAxis, valueAxis, d, PlotOrientation.VERTICAL,
                true, false, false));
    }

    /** A line chart over categories (e.g. file size or concurrency), one line per series. */
    public static void lines(Path file, String title, String categoryAxis, String valueAxis,
                             Map<String, Map<String, Double>> series) throws IOException {
        save(file, series, d -> ChartFactory.createLineChart(title, categoryAxis, valueAxis, d, PlotOrientation.VERTICAL,
                true, false, false));
    }

    /** Both chart kinds take the same dataset and the same 800x450 PNG; only the chart differs. */
    private static void save(Path file, Map<String, Map<String, Double>> series,
                             java.util.function.Function<CategoryDataset, JFreeChart> chart) throws IOException {
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        series.forEach((s, m) -> m.forEach((c, v) -> d.addValue(v, s, c)));
        ChartUtils.saveChartAsPNG(file.toFile(), chart.apply(d), 800, 450);
    }
}

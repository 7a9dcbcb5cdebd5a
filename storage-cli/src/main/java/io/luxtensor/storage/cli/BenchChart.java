package io.luxtensor.storage.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws the bench results as a PNG with JFreeChart: one group of bars per workload, one bar per
 * engine, operations per second on a logarithmic axis, and the specification's target of each
 * workload as a marked line. Runs headless. Stateless.
 */
final class BenchChart {

  private BenchChart() {}

  static void write(List<BenchResult> results, Path png, String subtitle) throws IOException {
    System.setProperty("java.awt.headless", "true");
    DefaultCategoryDataset bars = new DefaultCategoryDataset();
    DefaultCategoryDataset targets = new DefaultCategoryDataset();
    for (BenchWorkload w : BenchWorkload.values()) {
      for (BenchResult r : results) {
        Double ops = r.opsPerSecond().get(w);
        if (ops != null && ops > 0) {
          bars.addValue(ops, r.engine(), w.label);
        }
      }
      targets.addValue(w.target, "specification target", w.label);
    }
    CategoryAxis workloads = new CategoryAxis("workload");
    workloads.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    LogarithmicAxis ops = new LogarithmicAxis("operations per second (log scale)");
    ops.setAllowNegativesFlag(false);
    ops.setStrictValuesFlag(false);
    ops.setAutoRangeNextLogFlag(true);
    ops.setNumberFormatOverride(new DecimalFormat("#,##0"));
    BarRenderer barRenderer = new BarRenderer();
    barRenderer.setBarPainter(new StandardBarPainter());
    barRenderer.setShadowVisible(false);
    barRenderer.setItemMargin(0.05);
    Color[] palette = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd), new Color(0x8c564b)};
    for (int i = 0; i < results.size(); i++) {
      barRenderer.setSeriesPaint(i, palette[i % palette.length]);
    }
    CategoryPlot plot = new CategoryPlot(bars, workloads, ops, barRenderer);
    plot.setOrientation(PlotOrientation.VERTICAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    LineAndShapeRenderer targetRenderer = new LineAndShapeRenderer(false, true);
    targetRenderer.setSeriesPaint(0, Color.RED);
    targetRenderer.setSeriesStroke(0, new BasicStroke(2f));
    targetRenderer.setSeriesShape(0, new Rectangle(-14, -2, 28, 4));
    plot.setDataset(1, targets);
    plot.setRenderer(1, targetRenderer);
    JFreeChart chart = new JFreeChart("luxdb bench: throughput against the specification's targets",
        new Font("SansSerif", Font.BOLD, 16), plot, true);
    chart.addSubtitle(new TextTitle(subtitle, new Font("SansSerif", Font.PLAIN, 12)));
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1200, 750);
  }
}

package dev.beacon.tools.bench.charts;

import java.util.List;
import java.util.Locale;

/**
 * An SVG chart of latency by percentile, one polyline per system, drawn as HdrHistogram's plotter
 * draws them: the percentile axis logarithmic in the distance to 100 % (0 %, 90 %, 99 %, 99.9 %,
 * ...), so the tail gets as much room as the median; latency in milliseconds, linear.
 */
public final class PercentileChart {

  static final int WIDTH = 820;
  static final int HEIGHT = 480;
  static final int LEFT = 70;
  static final int RIGHT = 30;
  static final int TOP = 50;
  static final int BOTTOM = 60;

  /** Nines shown at least (99.9 %) and at most (99.9999 %). */
  static final int MIN_NINES = 3;

  static final int MAX_NINES = 6;

  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"
  };

  private PercentileChart() {}

  /** The chart of {@code curves} under {@code title}, as an SVG document. */
  public static String svg(String title, List<PercentileCurve> curves) {
    int nines = nines(curves);
    double maxMs = 0;
    for (PercentileCurve c : curves) {
      for (PercentileCurve.Point p : c.points()) {
        maxMs = Math.max(maxMs, p.valueMs());
      }
    }
    maxMs = maxMs <= 0 ? 1 : niceCeiling(maxMs);
    StringBuilder s = new StringBuilder();
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
            LEFT,
            escape(title)));
    axes(s, nines, maxMs);
    for (int i = 0; i < curves.size(); i++) {
      curve(s, curves.get(i), COLOURS[i % COLOURS.length], i, nines, maxMs);
    }
    s.append("</svg>\n");
    return s.toString();
  }

  /** Horizontal position of {@code percentile}: log10 of 1 / (1 - p), capped at {@code nines}. */
  static double x(double percentile, int nines) {
    double remaining = 1 - percentile / 100;
    double decades = remaining <= 0 ? nines : Math.min(nines, Math.log10(1 / remaining));
    return LEFT + decades / nines * (WIDTH - LEFT - RIGHT);
  }

  static double y(double valueMs, double maxMs) {
    return HEIGHT - BOTTOM - valueMs / maxMs * (HEIGHT - TOP - BOTTOM);
  }

  private static int nines(List<PercentileCurve> curves) {
    double highest = 0;
    for (PercentileCurve c : curves) {
      for (PercentileCurve.Point p : c.points()) {
        if (p.percentile() < 100) {
          highest = Math.max(highest, p.percentile());
        }
      }
    }
    // less a hair: 1 - 99.9 / 100 is a little under 0.001 in binary
    int nines = (int) Math.ceil(Math.log10(1 / Math.max(1e-9, 1 - highest / 100)) - 1e-6);
    return Math.max(MIN_NINES, Math.min(MAX_NINES, nines));
  }

  private static void axes(StringBuilder s, int nines, double maxMs) {
    int bottom = HEIGHT - BOTTOM;
    s.append(
        String.format(
            Locale.ROOT,
            "<g class=\"axes\" stroke=\"#444\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>%n",
            LEFT,
            bottom,
            WIDTH - RIGHT,
            bottom,
            LEFT,
            TOP,
            LEFT,
            bottom));
    String label = "0";
    for (int n = 0; n <= nines; n++) {
      double percentile = 100 - 100 / Math.pow(10, n);
      double px = x(percentile, nines);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%%</text>%n",
              px,
              TOP,
              px,
              bottom,
              px,
              bottom + 18,
              label));
      label = n == 0 ? "90" : n == 1 ? "99" : "99." + "9".repeat(n - 1);
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
            (LEFT + WIDTH - RIGHT) / 2,
            HEIGHT - 16));
    for (int i = 0; i <= 5; i++) {
      double ms = maxMs * i / 5;
      double py = y(ms, maxMs);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              py,
              WIDTH - RIGHT,
              py,
              LEFT - 6,
              py + 4,
              formatMs(ms)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">latency (ms)"
                + "</text>%n",
            (TOP + HEIGHT - BOTTOM) / 2,
            (TOP + HEIGHT - BOTTOM) / 2));
  }

  private static void curve(
      StringBuilder s, PercentileCurve curve, String colour, int index, int nines, double maxMs) {
    StringBuilder points = new StringBuilder();
    for (PercentileCurve.Point p : curve.points()) {
      if (points.length() > 0) {
        points.append(' ');
      }
      points.append(
          String.format(Locale.ROOT, "%.1f,%.1f", x(p.percentile(), nines), y(p.valueMs(), maxMs)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<polyline class=\"curve\" data-system=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                + "points=\"%s\"/>%n",
            escape(curve.system()),
            colour,
            points));
    int ly = TOP + 8 + index * 18;
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n",
            LEFT + 12,
            ly,
            LEFT + 36,
            ly,
            colour,
            LEFT + 42,
            ly + 4,
            escape(curve.system())));
  }

  /** 1, 2 or 5 times a power of ten, at or above {@code value}. */
  static double niceCeiling(double value) {
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static String formatMs(double ms) {
    return ms == Math.rint(ms)
        ? String.format(Locale.ROOT, "%.0f", ms)
        : String.format(Locale.ROOT, "%.2f", ms);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

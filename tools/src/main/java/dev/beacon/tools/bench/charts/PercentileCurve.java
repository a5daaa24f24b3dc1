package dev.beacon.tools.bench.charts;

import java.util.List;

/**
 * One system's latency by percentile, as HdrHistogram's percentile output lists it.
 *
 * @param system names the curve in the chart's legend
 * @param points by rising percentile
 */
public record PercentileCurve(String system, List<Point> points) {

  /**
   * @param percentile 0 to 100
   * @param valueMs the latency at or below which {@code percentile} % of the values lie
   */
  public record Point(double percentile, double valueMs) {}

  public PercentileCurve {
    points = List.copyOf(points);
  }
}

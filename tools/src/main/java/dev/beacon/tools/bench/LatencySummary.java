package dev.beacon.tools.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of an ack-latency histogram recorded in microseconds, in milliseconds.
 *
 * @param count number of latencies recorded
 * @param micros the histogram they were read from (microseconds), for the percentile files
 */
public record LatencySummary(
    long count,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    double meanMs,
    Histogram micros) {

  public static LatencySummary of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0, micros);
    }
    return new LatencySummary(
        micros.getTotalCount(),
        millis(micros.getValueAtPercentile(50)),
        millis(micros.getValueAtPercentile(90)),
        millis(micros.getValueAtPercentile(99)),
        millis(micros.getValueAtPercentile(99.9)),
        millis(micros.getMaxValue()),
        micros.getMean() / 1000.0,
        micros);
  }

  /** {@code p50 0.84 ms, p90 1.20 ms, p99 3.10 ms, p999 7.90 ms, max 12.30 ms}. */
  public String describe() {
    if (count == 0) {
      return "no acks recorded";
    }
    return String.format(
        Locale.ROOT,
        "p50 %s ms, p90 %s ms, p99 %s ms, p999 %s ms, max %s ms (%d acks)",
        format(p50Ms),
        format(p90Ms),
        format(p99Ms),
        format(p999Ms),
        format(maxMs),
        count);
  }

  /** Two decimals below 100 ms, whole milliseconds above. */
  public static String format(double millis) {
    return millis < 100
        ? String.format(Locale.ROOT, "%.2f", millis)
        : String.format(Locale.ROOT, "%.0f", millis);
  }

  private static double millis(long micros) {
    return micros / 1000.0;
  }
}

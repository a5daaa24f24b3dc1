package dev.beacon.tools.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a {@link GpsLoad} run.
 *
 * @param config what was run
 * @param sent fixes written to the gateway
 * @param acked {@code OK} replies over the whole run
 * @param errorsByCode {@code ERR} replies (and client-side failures) by code
 * @param connectFailures connections that could not be opened
 * @param dropped connections the gateway closed before their work was done
 * @param unanswered fixes sent but never answered (in flight when the run stopped, or on a dropped
 *     connection)
 * @param elapsed from the first connect to the last connection finishing
 * @param measured the measured period: after the warm-up (the whole run if it ended during the
 *     warm-up)
 * @param measuredAcks {@code OK} replies within the measured period
 * @param ackedPerSecond measuredAcks / measured
 * @param latency ack latency within the measured period
 * @param firstSendNanos {@link System#nanoTime()} of the first fix sent: pass it to {@link
 *     RowCountWatcher}
 * @param completed true when every fix was answered, false when the run hit maxDuration or lost
 *     connections
 */
public record GpsLoadResult(
    GpsLoadConfig config,
    long sent,
    long acked,
    Map<String, Long> errorsByCode,
    long connectFailures,
    long dropped,
    long unanswered,
    Duration elapsed,
    Duration measured,
    long measuredAcks,
    double ackedPerSecond,
    LatencySummary latency,
    long firstSendNanos,
    boolean completed) {

  public long errors() {
    return errorsByCode.values().stream().mapToLong(Long::longValue).sum();
  }

  public String summary() {
    String mode = config.paced() ? "paced at " + config.rate() + " fixes/s" : "as fast as possible";
    return String.format(
        Locale.ROOT,
        """
        GPS load: %d connections x window %d, %d devices, %s
          %s after %.1f s (warm-up %.1f s, measured %.1f s)
          sent %d, acked %d, errors %d%s, unanswered %d, connect failures %d, dropped %d
          throughput %.0f acks/s
          ack latency %s""",
        config.connections(),
        config.effectiveWindow(),
        config.devices(),
        mode,
        completed ? "completed" : "stopped (maxDuration or lost connections)",
        elapsed.toMillis() / 1000.0,
        config.warmup().toMillis() / 1000.0,
        measured.toMillis() / 1000.0,
        sent,
        acked,
        errors(),
        errorsByCode.isEmpty() ? "" : " " + errorsByCode,
        unanswered,
        connectFailures,
        dropped,
        ackedPerSecond,
        latency.describe());
  }

  /** The header matching {@link #markdownRow()}. */
  public static String markdownHeader() {
    return "| connections | window | devices | target rate | acks/s | p50 ms | p99 ms | p999 ms | max ms | errors |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  }

  public String markdownRow() {
    return String.format(
        Locale.ROOT,
        "| %d | %d | %d | %s | %.0f | %s | %s | %s | %s | %d |",
        config.connections(),
        config.effectiveWindow(),
        config.devices(),
        config.paced() ? config.rate() : "max",
        ackedPerSecond,
        LatencySummary.format(latency.p50Ms()),
        LatencySummary.format(latency.p99Ms()),
        LatencySummary.format(latency.p999Ms()),
        LatencySummary.format(latency.maxMs()),
        errors());
  }
}

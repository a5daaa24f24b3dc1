package dev.beacon.infra.bench.fanout;

import dev.beacon.infra.bench.LatencySummary;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link FanoutLoad} measured.
 *
 * @param sent                 chat messages the publishers sent (warm-up included)
 * @param distinctDeliveries   first arrivals of a message at a subscriber (whole run)
 * @param measuredDeliveries   deliveries received inside the measured window (after warm-up, before the last due send)
 * @param deliveriesPerSecond  measuredDeliveries over the measured duration
 * @param latency              send-stamp-to-receive latency of messages sent after the warm-up
 * @param missing              (subscriber, message) pairs sent but never received by the end of the drain
 * @param incompleteSubscribers subscribers missing at least one message
 * @param duplicates           messages a subscriber received more than once
 * @param maxSendLagMs         the most a publisher sent behind its schedule (load generator saturation)
 */
public record FanoutResult(FanoutConfig config, long sent, long distinctDeliveries, long measuredDeliveries,
    double deliveriesPerSecond, LatencySummary latency, long missing, int incompleteSubscribers, long duplicates,
    long errors, String firstError, long connectFailures, Map<String, Long> closesByCode, double maxSendLagMs) {

  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "  sent %,d messages; %,d distinct deliveries of %,d expected%n", sent,
        distinctDeliveries, sent * config.subscribers()));
    s.append(String.format(Locale.ROOT, "  deliveries/s %,.0f (target %,d)%n", deliveriesPerSecond,
        (long) config.rate() * config.subscribers()));
    s.append("  latency ").append(latency.describe().replace("acks", "deliveries")).append('\n');
    s.append(String.format(Locale.ROOT, "  missing %,d (%d subscribers incomplete), duplicates %,d, errors %,d, "
        + "connect failures %d, closed by server %s, max send lag %s ms", missing, incompleteSubscribers, duplicates,
        errors, connectFailures, closesByCode.isEmpty() ? "none" : closesByCode.toString(),
        LatencySummary.format(maxSendLagMs)));
    if (firstError != null) {
      s.append("\n  first error: ").append(firstError);
    }
    return s.toString();
  }

  /** {@code | publishers | subscribers | rate | target deliveries/s | deliveries/s | p50 | p99 | p999 | max | missing | dup | errors/closes |}. */
  public String markdownRow() {
    long closes = closesByCode.values().stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, "| %d | %d | %,d | %,d | %,.0f | %s | %s | %s | %s | %,d | %,d | %d / %d |",
        config.publishers(), config.subscribers(), config.rate(), (long) config.rate() * config.subscribers(),
        deliveriesPerSecond, LatencySummary.format(latency.p50Ms()), LatencySummary.format(latency.p99Ms()),
        LatencySummary.format(latency.p999Ms()), LatencySummary.format(latency.maxMs()), missing, duplicates,
        errors + connectFailures, closes);
  }

  public static String markdownHeader() {
    return "| target | publishers | subscribers | msgs/s | target deliveries/s | deliveries/s | p50 ms | p99 ms "
        + "| p999 ms | max ms | missing | dup | errors / closes |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  }
}

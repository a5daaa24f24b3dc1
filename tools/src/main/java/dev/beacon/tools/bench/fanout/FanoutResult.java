package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.LatencySummary;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link FanoutLoad} measured.
 *
 * @param sent chat messages the publishers sent (warm-up included)
 * @param distinctDeliveries first arrivals of a message at a member of its room (whole run)
 * @param measuredDeliveries deliveries received inside the measured window (after warm-up, before
 *     the last due send)
 * @param deliveriesPerSecond measuredDeliveries over the measured duration
 * @param latency send-stamp-to-receive latency of messages sent after the warm-up, over all
 *     deliveries
 * @param completion per message of the measured window: until the last member of its room had it
 * @param missing (member, message) pairs sent but never received by the end of the drain
 * @param incompleteSubscribers subscriber connections missing at least one message
 * @param incompleteRooms rooms where some member missed some message
 * @param duplicates messages a subscriber received more than once
 * @param strays messages a subscriber received for a room it is not in
 * @param maxSendLagMs the most a publisher sent behind its schedule (load generator saturation)
 */
public record FanoutResult(
    FanoutConfig config,
    long sent,
    long distinctDeliveries,
    long measuredDeliveries,
    double deliveriesPerSecond,
    LatencySummary latency,
    MessageCompletion.Summary completion,
    long missing,
    int incompleteSubscribers,
    int incompleteRooms,
    long duplicates,
    long strays,
    long errors,
    String firstError,
    long connectFailures,
    Map<String, Long> closesByCode,
    double maxSendLagMs) {

  /** Nothing missing, nothing twice, nothing to the wrong room, no error and no connection lost. */
  public boolean complete() {
    return missing == 0
        && duplicates == 0
        && strays == 0
        && connectFailures == 0
        && closesByCode.isEmpty()
        && sent > 0;
  }

  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "  sent %,d messages; %,d distinct deliveries of %,d expected%n",
            sent,
            distinctDeliveries,
            sent * config.deliveriesPerMessage()));
    s.append(
        String.format(
            Locale.ROOT,
            "  deliveries/s %,.0f (target %,d)%n",
            deliveriesPerSecond,
            config.targetDeliveriesPerSecond()));
    s.append("  latency ").append(latency.describe().replace("acks", "deliveries")).append('\n');
    s.append("  ").append(completion.describe()).append('\n');
    s.append(
        String.format(
            Locale.ROOT,
            "  missing %,d (%d subscribers, %d rooms incomplete), duplicates %,d, "
                + "strays %,d, errors %,d, connect failures %d, closed by server %s, max send lag %s ms",
            missing,
            incompleteSubscribers,
            incompleteRooms,
            duplicates,
            strays,
            errors,
            connectFailures,
            closesByCode.isEmpty() ? "none" : closesByCode.toString(),
            LatencySummary.format(maxSendLagMs)));
    if (firstError != null) {
      s.append("\n  first error: ").append(firstError);
    }
    s.append('\n').append(Verdict.line(complete(), missing, duplicates));
    return s.toString();
  }

  /**
   * {@code | rooms x members | publishers | subscribers | rate | target | deliveries/s | p50 | p99
   * | p999 | max | complete p99 | missing | dup | errors/closes |}.
   */
  public String markdownRow() {
    long closes = closesByCode.values().stream().mapToLong(Long::longValue).sum();
    return String.format(
        Locale.ROOT,
        "| %,d x %,d | %d | %,d | %,d | %,d | %,.0f | %s | %s | %s | %s | %s | %,d | %,d "
            + "| %d / %d |",
        config.plan().rooms(),
        config.plan().members(),
        config.publishers(),
        config.subscribers(),
        config.rate(),
        config.targetDeliveriesPerSecond(),
        deliveriesPerSecond,
        LatencySummary.format(latency.p50Ms()),
        LatencySummary.format(latency.p99Ms()),
        LatencySummary.format(latency.p999Ms()),
        LatencySummary.format(latency.maxMs()),
        completion.messages() == 0 ? "-" : LatencySummary.format(completion.p99Ms()),
        missing,
        duplicates + strays,
        errors + connectFailures,
        closes);
  }

  public static String markdownHeader() {
    return "| target | rooms x members | publishers | subscribers | msgs/s | target deliveries/s | deliveries/s "
        + "| p50 ms | p99 ms | p999 ms | max ms | complete p99 ms | missing | dup | errors / closes |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  }
}

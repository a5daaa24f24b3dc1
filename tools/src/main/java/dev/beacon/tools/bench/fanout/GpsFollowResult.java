package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.LatencySummary;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link GpsFollowLoad} measured.
 *
 * @param fixesSent fixes the devices sent (warm-up included)
 * @param acked fixes answered {@code OK}
 * @param rejected fixes answered {@code ERR ...}
 * @param expectedMeasured deliveries the followers should have of the fixes sent (and acked) in the
 *     measured window
 * @param allPerSecond deliveries to gps:* followers received inside the measured window, per second
 * @param devicePerSecond deliveries to gps:<id> followers received inside the measured window, per
 *     second
 * @param allLatency device frame to {@code gps:*} follower, fixes of the measured window
 * @param deviceLatency device frame to {@code gps:<id>} follower, fixes of the measured window
 * @param missingAll (follower of gps:*, fix) pairs of the measured window never received
 * @param missingDevice (follower of one device, fix) pairs of the measured window never received
 * @param duplicates fixes a follower received more than once
 * @param strays gps messages that were no fix of this run, or of a device the follower does not
 *     follow
 */
public record GpsFollowResult(
    GpsFollowConfig config,
    long fixesSent,
    long acked,
    long rejected,
    long expectedMeasured,
    double allPerSecond,
    double devicePerSecond,
    LatencySummary allLatency,
    LatencySummary deviceLatency,
    long missingAll,
    long missingDevice,
    long duplicates,
    long strays,
    long errors,
    String firstError,
    long connectFailures,
    Map<String, Long> closesByCode,
    double maxSendLagMs) {

  public long missing() {
    return missingAll + missingDevice;
  }

  public boolean complete() {
    return missing() == 0
        && duplicates == 0
        && strays == 0
        && rejected == 0
        && connectFailures == 0
        && closesByCode.isEmpty()
        && acked > 0;
  }

  public double deliveriesPerSecond() {
    return allPerSecond + devicePerSecond;
  }

  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "  fixes sent %,d, OK %,d, ERR %,d; deliveries/s %,.0f (target %,d)%n",
            fixesSent,
            acked,
            rejected,
            deliveriesPerSecond(),
            allTarget() + deviceTarget()));
    s.append("  device -> gps:* follower   ")
        .append(allLatency.describe().replace("acks", "deliveries"))
        .append('\n');
    s.append("  device -> gps:<id> follower ")
        .append(deviceLatency.describe().replace("acks", "deliveries"))
        .append('\n');
    s.append(
        String.format(
            Locale.ROOT,
            "  missing %,d of %,d expected in the measured window (gps:* %,d, gps:<id> %,d), "
                + "duplicates %,d, strays %,d, errors %,d, connect failures %d, closed by server %s, max send lag %s ms",
            missing(),
            expectedMeasured,
            missingAll,
            missingDevice,
            duplicates,
            strays,
            errors,
            connectFailures,
            closesByCode.isEmpty() ? "none" : closesByCode.toString(),
            LatencySummary.format(maxSendLagMs)));
    if (firstError != null) {
      s.append("\n  first error: ").append(firstError);
    }
    s.append('\n').append(Verdict.line(complete(), missing(), duplicates));
    return s.toString();
  }

  /** Every fix to every gps:* follower. */
  long allTarget() {
    return (long) config.fixesPerSecond() * config.devices() * config.allFollowers();
  }

  /** Each single-device follower gets its device's fixes. */
  long deviceTarget() {
    return (long) config.fixesPerSecond() * config.deviceFollowers();
  }

  public String markdownRows() {
    long closes = closesByCode.values().stream().mapToLong(Long::longValue).sum();
    return row(
            "gps:*",
            config.allFollowers(),
            allTarget(),
            allPerSecond,
            allLatency,
            missingAll,
            closes)
        + "\n"
        + row(
            "gps:<id>",
            config.deviceFollowers(),
            deviceTarget(),
            devicePerSecond,
            deviceLatency,
            missingDevice,
            closes);
  }

  private String row(
      String room,
      int followers,
      long target,
      double perSecond,
      LatencySummary latency,
      long missing,
      long closes) {
    return String.format(
        Locale.ROOT,
        "| %,d | %,d | %s | %,d | %,d | %,.0f | %s | %s | %s | %s | %,d | %,d | %d / %d |",
        config.devices(),
        config.fixesPerSecond() * config.devices(),
        room,
        followers,
        target,
        perSecond,
        LatencySummary.format(latency.p50Ms()),
        LatencySummary.format(latency.p99Ms()),
        LatencySummary.format(latency.p999Ms()),
        LatencySummary.format(latency.maxMs()),
        missing,
        duplicates + strays,
        errors + connectFailures,
        closes);
  }

  public static String markdownHeader() {
    return "| target | devices | fixes/s | followers of | followers | target deliveries/s | deliveries/s | p50 ms | p99 ms "
        + "| p999 ms | max ms | missing | dup | errors / closes |\n"
        + "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  }
}

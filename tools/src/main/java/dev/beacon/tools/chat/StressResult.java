package dev.beacon.tools.chat;

import dev.beacon.tools.bench.LatencySummary;
import java.util.Locale;

/**
 * What {@code beacon chat --stress} measured.
 *
 * @param clients connected clients
 * @param sent chat messages sent
 * @param expectedDeliveries copies the room should have delivered ({@code sent * clients})
 * @param delivered copies delivered, duplicates excluded
 * @param latency the authors' round trips: from a send to the author's own copy coming back
 * @param reconnects reconnects during the run
 * @param seconds how long sending and receiving took
 */
public record StressResult(
    int clients,
    long sent,
    long expectedDeliveries,
    long delivered,
    LatencySummary latency,
    int reconnects,
    double seconds) {

  public long lost() {
    return expectedDeliveries - delivered;
  }

  public String summary() {
    return String.format(
        Locale.ROOT,
        "stress: %d clients sent %d messages; delivered %d of %d copies (%d lost) "
            + "in %.1f s, %d reconnects%nlatency: p50 %s ms, p90 %s ms, p99 %s ms, max %s ms (%d round trips)",
        clients,
        sent,
        delivered,
        expectedDeliveries,
        lost(),
        seconds,
        reconnects,
        LatencySummary.format(latency.p50Ms()),
        LatencySummary.format(latency.p90Ms()),
        LatencySummary.format(latency.p99Ms()),
        LatencySummary.format(latency.maxMs()),
        latency.count());
  }
}

package dev.beacon.tools.bench.connections;

import dev.beacon.tools.bench.LatencySummary;
import java.util.Locale;

/**
 * The figures of one step of the connections benchmark.
 *
 * @param connections connections open at this step (over every client worker)
 * @param connectPerSec this step's new connections divided by the wall time of the step's opening
 * @param connect how long a single connect (TCP + WebSocket handshake) took, this step
 * @param refused connection attempts that failed so far
 * @param dropped connections the server closed so far
 * @param gateway gateway memory growth per connection since no connection was open (summed over
 *     gateways)
 * @param broadcaster broadcaster heap growth per connection (presence and rooms), or null
 * @param broadcast arrival delay of this step's benchmark broadcasts over every connection
 * @param missing broadcast receipts that never came (connections x broadcasts - receipts)
 */
public record ConnectionsStep(
    int connections,
    double connectPerSec,
    LatencySummary connect,
    long refused,
    long dropped,
    ProcessMemory gateway,
    ProcessMemory broadcaster,
    LatencySummary broadcast,
    long missing) {

  public static String markdownHeader() {
    return "| server | connections | connect/s | connect p50 | p99 | refused | heap/conn | RSS/conn | native/conn"
        + " | broadcaster heap/conn | broadcast p50 | p99 | max | missing |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  }

  public String markdownRow(String server) {
    return String.format(
        Locale.ROOT,
        "| %s | %,d | %,.0f | %s ms | %s ms | %d | %s | %s | %s | %s | %s | %s | %s | %d |",
        server,
        connections,
        connectPerSec,
        LatencySummary.format(connect.p50Ms()),
        LatencySummary.format(connect.p99Ms()),
        refused,
        ProcessMemory.kb(gateway.heapAfterGcBytes()),
        ProcessMemory.kb(gateway.rssBytes()),
        ProcessMemory.kb(gateway.nativeOtherBytes()),
        broadcaster == null ? "n/a" : ProcessMemory.kb(broadcaster.heapAfterGcBytes()),
        millis(broadcast, broadcast.p50Ms()),
        millis(broadcast, broadcast.p99Ms()),
        millis(broadcast, broadcast.maxMs()),
        missing);
  }

  /** "-" when nothing arrived: a missing figure, not zero. */
  private static String millis(LatencySummary summary, double value) {
    return summary.count() == 0 ? "-" : LatencySummary.format(value) + " ms";
  }
}

package dev.beacon.infra.bench.connections;

import dev.beacon.infra.bench.LatencySummary;
import java.util.Locale;

/**
 * The figures of one step of the connections benchmark.
 *
 * @param connections     connections open at this step
 * @param connectPerSec   handshakes per second while opening this step's new connections
 * @param refused         connection attempts that failed so far
 * @param gateway         gateway memory growth per connection since no connection was open (summed over gateways)
 * @param broadcaster     broadcaster heap growth per connection (presence and rooms), or null
 * @param broadcast       arrival delay of the benchmark broadcasts over every connection
 * @param missing         broadcast receipts that never came (connections x broadcasts - receipts)
 */
public record ConnectionsStep(int connections, double connectPerSec, long refused, ProcessMemory gateway,
    ProcessMemory broadcaster, LatencySummary broadcast, long missing) {

  public static String markdownHeader() {
    return "| server | connections | connect/s | refused | heap/conn | RSS/conn | native/conn | broadcaster heap/conn"
        + " | broadcast p50 | p99 | max | missing |\n|---|---|---|---|---|---|---|---|---|---|---|---|";
  }

  public String markdownRow(String server) {
    return String.format(Locale.ROOT, "| %s | %,d | %,.0f | %d | %s | %s | %s | %s | %s ms | %s ms | %s ms | %d |",
        server, connections, connectPerSec, refused, ProcessMemory.kb(gateway.heapAfterGcBytes()),
        ProcessMemory.kb(gateway.rssBytes()), ProcessMemory.kb(gateway.nativeOtherBytes()),
        broadcaster == null ? "n/a" : ProcessMemory.kb(broadcaster.heapAfterGcBytes()),
        LatencySummary.format(broadcast.p50Ms()), LatencySummary.format(broadcast.p99Ms()),
        LatencySummary.format(broadcast.maxMs()), missing);
  }
}

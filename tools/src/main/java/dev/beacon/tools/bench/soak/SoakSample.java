package dev.beacon.tools.bench.soak;

import java.util.Locale;

/**
 * One interval of the soak: the gateway's, broadcaster's and ingestor's gauges, the two groups'
 * lag, and the traffic counters so far.
 */
public record SoakSample(
    long atSeconds,
    ProcessGauges gateway,
    ProcessGauges broadcaster,
    ProcessGauges ingestor,
    long ingestorLag,
    long broadcasterLag,
    long fixesAcked,
    long churned) {

  static String markdownHeader() {
    return "| t (s) | gateway heap MB | gateway native MB | gateway fds | gateway threads | broadcaster heap MB"
        + " | ingestor heap MB | ingestor fds | ingestor lag | broadcaster lag | fixes acked | churned |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|";
  }

  String markdownRow() {
    return String.format(
        Locale.ROOT,
        "| %d | %.1f | %.1f | %d | %d | %.1f | %.1f | %d | %d | %d | %,d | %,d |",
        atSeconds,
        mb(gateway.heapBytes()),
        mb(gateway.nativeBytes()),
        gateway.fds(),
        gateway.threads(),
        mb(broadcaster.heapBytes()),
        mb(ingestor.heapBytes()),
        ingestor.fds(),
        ingestorLag,
        broadcasterLag,
        fixesAcked,
        churned);
  }

  private static double mb(long bytes) {
    return bytes / 1048576.0;
  }
}

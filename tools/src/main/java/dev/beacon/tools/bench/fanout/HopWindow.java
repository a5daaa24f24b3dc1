package dev.beacon.tools.bench.fanout;

import dev.beacon.runtime.timing.Hop;
import dev.beacon.tools.bench.HopLatencies;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-hop table of one load run: a {@link HopLatencies} snapshot of the servers when the
 * measured window opens and one when it closes, printed as the hops' p50/p99 over the window.
 */
final class HopWindow implements MeasuredWindow {

  private final HopLatencies hops;
  private HopLatencies.Snapshot before;
  private HopLatencies.Snapshot after;

  HopWindow(HopLatencies hops) {
    this.hops = hops;
  }

  @Override
  public void opened() {
    before = hops.snapshot();
  }

  @Override
  public void closed() {
    after = hops.snapshot();
  }

  void print(PrintStream out) {
    if (before == null || after == null) {
      return;
    }
    out.println("  per hop, server side, over the measured window (- = no observation):");
    out.println(HopLatencies.table(before, after));
  }

  /** Observations of the end-to-end hop in the window: 0 when the servers expose none. */
  long endToEndCount() {
    if (before == null || after == null) {
      return 0;
    }
    return count(after, Hop.END_TO_END) - count(before, Hop.END_TO_END);
  }

  private static long count(HopLatencies.Snapshot snapshot, Hop hop) {
    TreeMap<Double, Double> buckets = snapshot.buckets().get(hop.label());
    if (buckets == null || buckets.isEmpty()) {
      return 0;
    }
    Map.Entry<Double, Double> last = buckets.lastEntry();
    return Math.round(last.getValue());
  }
}

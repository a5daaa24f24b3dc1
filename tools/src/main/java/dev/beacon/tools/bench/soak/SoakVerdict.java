package dev.beacon.tools.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Whether anything grew without bound: for each gauge, the mean of the last two samples against the
 * mean of the first two after the warm-up, with a tolerance (a JVM's heap after GC moves by a few
 * MB with caches and JIT; the pools grow their threads once). Lists every gauge that grew past its
 * tolerance.
 */
public record SoakVerdict(List<String> grew) {

  private static final long MB = 1L << 20;

  static SoakVerdict judge(List<SoakSample> judged) {
    List<String> grew = new ArrayList<>();
    check(grew, judged, "gateway heap", s -> s.gateway().heapBytes(), 1.5, 32 * MB);
    check(grew, judged, "gateway native", s -> s.gateway().nativeBytes(), 1.5, 32 * MB);
    check(grew, judged, "gateway fds", s -> s.gateway().fds(), 1.2, 50);
    check(grew, judged, "gateway threads", s -> s.gateway().threads(), 1.0, 10);
    check(grew, judged, "broadcaster heap", s -> s.broadcaster().heapBytes(), 1.5, 32 * MB);
    check(grew, judged, "broadcaster threads", s -> s.broadcaster().threads(), 1.0, 10);
    check(grew, judged, "ingestor heap", s -> s.ingestor().heapBytes(), 1.5, 32 * MB);
    check(grew, judged, "ingestor fds", s -> s.ingestor().fds(), 1.2, 50);
    check(grew, judged, "ingestor threads", s -> s.ingestor().threads(), 1.0, 10);
    check(grew, judged, "ingestor lag", SoakSample::ingestorLag, 1.0, 5_000);
    check(grew, judged, "broadcaster lag", SoakSample::broadcasterLag, 1.0, 5_000);
    return new SoakVerdict(grew);
  }

  public boolean bounded() {
    return grew.isEmpty();
  }

  private static void check(
      List<String> grew,
      List<SoakSample> s,
      String what,
      ToLongFunction<SoakSample> gauge,
      double factor,
      long slack) {
    int n = s.size();
    double first = (gauge.applyAsLong(s.get(0)) + gauge.applyAsLong(s.get(1))) / 2.0;
    double last = (gauge.applyAsLong(s.get(n - 2)) + gauge.applyAsLong(s.get(n - 1))) / 2.0;
    if (last > first * factor + slack) {
      grew.add(
          String.format(
              Locale.ROOT,
              "%s: %.0f -> %.0f (allowed %.0f)",
              what,
              first,
              last,
              first * factor + slack));
    }
  }
}

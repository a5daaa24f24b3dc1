package dev.beacon.tools.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints one line of a running load test's counters: {@code 3.0 s sent 1200 ok 1190 err 0 conn-err
 * 0 rate 400/s} (rate = replies per second since the previous line). Called from one timer, so it
 * keeps its previous sample without locking.
 */
public final class ProgressReporter {

  private final LoadStats stats;
  private final PrintStream out;
  private final long startNanos;
  private long previousNanos;
  private long previousReplies;

  public ProgressReporter(LoadStats stats, PrintStream out, long startNanos) {
    this.stats = stats;
    this.out = out;
    this.startNanos = startNanos;
    this.previousNanos = startNanos;
  }

  public void report() {
    long now = System.nanoTime();
    long replies = stats.ok() + stats.errors();
    double seconds = Math.max(1e-9, (now - previousNanos) / 1e9);
    double rate = (replies - previousReplies) / seconds;
    previousNanos = now;
    previousReplies = replies;
    out.println(
        String.format(
            Locale.ROOT,
            "%6.1f s  sent %d  ok %d  err %d  conn-err %d  rate %.0f/s",
            (now - startNanos) / 1e9,
            stats.sent(),
            stats.ok(),
            stats.errors(),
            stats.connectFailures() + stats.dropped(),
            rate));
  }
}

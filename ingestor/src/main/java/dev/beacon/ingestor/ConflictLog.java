package dev.beacon.ingestor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about conflicting fixes without letting a flood of them flood the log: at most one line per
 * {@link #INTERVAL}, counting every conflict since the previous line and naming the first few. The
 * metric ({@code beacon_ingestor_conflicts_total}) and {@code GET /api/conflicts} have all of them.
 * Ingestor thread only.
 */
final class ConflictLog {

  private static final Logger log = LoggerFactory.getLogger(ConflictLog.class);
  static final Duration INTERVAL = Duration.ofSeconds(10);
  static final int EXAMPLES = 5;

  private final LongSupplier nanoClock;
  private final List<String> examples = new ArrayList<>();
  private long pending;
  private long lastLineNanos;
  private boolean logged;

  ConflictLog(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  ConflictLog() {
    this(System::nanoTime);
  }

  /**
   * The conflicts a batch recorded; logs them (and those held back) unless a line was written
   * recently.
   */
  void report(List<ReceivedFix> conflicts) {
    for (ReceivedFix conflict : conflicts) {
      if (examples.size() < EXAMPLES) {
        examples.add(
            "device "
                + conflict.fix().deviceId()
                + " ts "
                + conflict.fix().deviceTs()
                + " ("
                + conflict.position()
                + ")");
      }
    }
    pending += conflicts.size();
    long now = nanoClock.getAsLong();
    if (pending > 0 && (!logged || now - lastLineNanos >= INTERVAL.toNanos())) {
      flush();
      lastLineNanos = now;
      logged = true;
    }
  }

  /** Writes what is held back, if anything (on shutdown). */
  void flush() {
    if (pending == 0) {
      return;
    }
    log.warn(
        "refused {} fixes whose device had already stored other coordinates at the same device timestamp: {}{};"
            + " the stored fixes are kept; GET /api/conflicts lists them (docs/storage.md)",
        pending,
        String.join(", ", examples),
        pending > examples.size() ? " and " + (pending - examples.size()) + " more" : "");
    pending = 0;
    examples.clear();
  }

  /** Conflicts counted but not logged yet. */
  long pending() {
    return pending;
  }
}

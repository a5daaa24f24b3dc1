package dev.beacon.tools.bench;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Waits for the store to hold the rows of a load run and measures end-to-end throughput: rows per
 * second from the first fix sent to the poll that saw the target reached. Polls a {@link
 * LongSupplier} of stored rows (SQLite, or the ingestor's {@code /api/stats} through {@link
 * HttpStatsRowCounter}) every 50 ms; a supplier that throws (the ingestor not answering yet) is
 * retried until the deadline.
 */
public final class RowCountWatcher {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);

  private final LongSupplier storedRows;
  private final Duration pollInterval;

  public RowCountWatcher(LongSupplier storedRows) {
    this(storedRows, DEFAULT_POLL_INTERVAL);
  }

  public RowCountWatcher(LongSupplier storedRows, Duration pollInterval) {
    this.storedRows = storedRows;
    this.pollInterval = pollInterval;
  }

  /** The rows stored now: take it before a run as the baseline. */
  public long currentRows() {
    return storedRows.getAsLong();
  }

  /**
   * Blocks until {@code baselineRows + newRows} rows are stored, or {@code timeout} has passed.
   *
   * @param baselineRows rows stored before the run
   * @param newRows rows the run should add (the fixes it had acked, say)
   * @param startNanos {@link System#nanoTime()} when the run sent its first fix
   * @param timeout how long to wait from now
   */
  public RowCountResult awaitRows(
      long baselineRows, long newRows, long startNanos, Duration timeout) {
    long target = baselineRows + newRows;
    long deadline = System.nanoTime() + timeout.toNanos();
    long rows = baselineRows;
    String lastError = null;
    while (true) {
      try {
        rows = storedRows.getAsLong();
        lastError = null;
      } catch (RuntimeException e) {
        lastError = e.getMessage();
      }
      long now = System.nanoTime();
      if (rows >= target || now >= deadline || !pause()) {
        return RowCountResult.of(
            rows >= target, baselineRows, target, rows, now - startNanos, lastError);
      }
    }
  }

  /** False when interrupted, which ends the wait. */
  private boolean pause() {
    try {
      Thread.sleep(pollInterval.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

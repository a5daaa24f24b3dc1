package dev.beacon.tools.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * What {@link RowCountWatcher} saw.
 *
 * @param reached true when the store held the target before the deadline
 * @param baselineRows rows stored before the run
 * @param targetRows baseline plus the rows the run should add
 * @param rows rows stored at the last successful poll
 * @param elapsed from the first fix sent to the poll that saw the target (or the deadline)
 * @param rowsPerSecond rows added per second over {@code elapsed}: end-to-end throughput
 * @param lastError why the last poll failed, or null if it succeeded
 */
public record RowCountResult(
    boolean reached,
    long baselineRows,
    long targetRows,
    long rows,
    Duration elapsed,
    double rowsPerSecond,
    String lastError) {

  static RowCountResult of(
      boolean reached,
      long baselineRows,
      long targetRows,
      long rows,
      long elapsedNanos,
      String lastError) {
    long nanos = Math.max(1, elapsedNanos);
    double rate = (rows - baselineRows) * 1e9 / nanos;
    return new RowCountResult(
        reached, baselineRows, targetRows, rows, Duration.ofNanos(nanos), rate, lastError);
  }

  public long rowsAdded() {
    return rows - baselineRows;
  }

  public String summary() {
    String outcome =
        reached
            ? String.format(Locale.ROOT, "all %d rows stored", targetRows - baselineRows)
            : String.format(
                Locale.ROOT,
                "only %d of %d rows stored before the deadline%s",
                rowsAdded(),
                targetRows - baselineRows,
                lastError == null ? "" : " (last poll failed: " + lastError + ")");
    return String.format(
        Locale.ROOT,
        "end to end: %s after %.2f s, %.0f rows/s",
        outcome,
        elapsed.toMillis() / 1000.0,
        rowsPerSecond);
  }
}

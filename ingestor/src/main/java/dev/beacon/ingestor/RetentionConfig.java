package dev.beacon.ingestor;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the store keeps fixes ({@code BEACON_RETENTION}) and how it prunes older ones: in
 * transactions of at most {@code batchRows} deleted rows ({@code BEACON_RETENTION_BATCH_ROWS}), run
 * by the ingestor's own thread between its batches, every {@code interval} ({@code
 * BEACON_RETENTION_INTERVAL}) and then batch after batch until nothing is older.
 *
 * <p>Off by default: the store is the history a user asked Beacon to keep, and deleting it is a
 * decision the deployment makes (docs/storage.md, "Retention").
 *
 * @param maxAge fixes whose device timestamp is older than this are pruned; {@link Duration#ZERO}
 *     keeps every fix
 * @param batchRows most fixes deleted in one SQLite transaction
 * @param interval how often the ingestor looks for fixes to prune once none are left
 */
public record RetentionConfig(Duration maxAge, int batchRows, Duration interval) {

  public static final Duration OFF = Duration.ZERO;
  public static final int DEFAULT_BATCH_ROWS = 5_000;
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  static final int MAX_BATCH_ROWS = 1_000_000;

  public RetentionConfig {
    Objects.requireNonNull(maxAge, "maxAge is missing; set BEACON_RETENTION (e.g. 30d, or off)");
    Objects.requireNonNull(
        interval, "interval is missing; set BEACON_RETENTION_INTERVAL (e.g. 1m)");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException(
          "retention " + maxAge + " is negative; set BEACON_RETENTION to e.g. 30d, or off");
    }
    if (!maxAge.isZero() && maxAge.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "retention "
              + maxAge
              + " is under a minute, which would prune fixes as they arrive; set BEACON_RETENTION to"
              + " e.g. 30d, or off");
    }
    if (batchRows < 1 || batchRows > MAX_BATCH_ROWS) {
      throw new IllegalArgumentException(
          "retention batch "
              + batchRows
              + " is outside 1-"
              + MAX_BATCH_ROWS
              + "; set BEACON_RETENTION_BATCH_ROWS (default "
              + DEFAULT_BATCH_ROWS
              + ")");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "retention interval "
              + interval
              + " must be above 0; set BEACON_RETENTION_INTERVAL (default 1m)");
    }
  }

  /** Keeps every fix. */
  public static RetentionConfig off() {
    return new RetentionConfig(OFF, DEFAULT_BATCH_ROWS, DEFAULT_INTERVAL);
  }

  /** Keeps fixes for {@code maxAge}, with the default batch and interval. */
  public static RetentionConfig keep(Duration maxAge) {
    return new RetentionConfig(maxAge, DEFAULT_BATCH_ROWS, DEFAULT_INTERVAL);
  }

  public boolean isOff() {
    return maxAge.isZero();
  }
}

package dev.beacon.ingestor;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link RetentionConfig} on the ingestor's thread: {@link #pruneIfDue()} runs at most one
 * bounded transaction, and {@link GpsIngestor} calls it between its batches, so pruning never holds
 * the store while a batch waits and a backlog is never made to wait for more than one pruning
 * transaction. A run walks every device (keyset over {@code device_latest}), one transaction after
 * another, then sleeps for the interval.
 */
final class FixPruner {

  private static final Logger log = LoggerFactory.getLogger(FixPruner.class);

  private final FixWriter store;
  private final RetentionConfig config;
  private final LongSupplier clock;
  private final IngestorStats stats;
  private long nextRunAt;
  private boolean running;
  private String cursor = "";
  private long cutoff;
  private long deletedThisRun;

  FixPruner(FixWriter store, RetentionConfig config, IngestorStats stats, LongSupplier clock) {
    this.store = store;
    this.config = config;
    this.stats = stats;
    this.clock = clock;
  }

  /**
   * One pruning transaction when a run is under way or due; returns the fixes it deleted. A failure
   * is logged and the run tried again after the interval: retention waits, ingest does not.
   */
  int pruneIfDue() {
    if (config.isOff()) {
      return 0;
    }
    long now = clock.getAsLong();
    if (!running) {
      if (now < nextRunAt) {
        return 0;
      }
      running = true;
      cutoff = now - config.maxAge().toMillis();
    }
    PruneOutcome outcome;
    long started = System.nanoTime();
    try {
      outcome = store.prune(cutoff, cursor, config.batchRows());
    } catch (RuntimeException e) {
      log.warn(
          "could not prune fixes older than {} from {}: {}; trying again in {} s",
          cutoff,
          store.describe(),
          e.getMessage(),
          config.interval().toSeconds());
      endRun(now);
      return 0;
    }
    stats.fixesPruned(outcome.deleted());
    deletedThisRun += outcome.deleted();
    log.debug(
        "pruned {} fixes older than {} in {} ms",
        outcome.deleted(),
        cutoff,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    if (outcome.finished()) {
      if (deletedThisRun > 0) {
        log.info(
            "retention: pruned {} fixes older than {} ({} ago) from {}",
            deletedThisRun,
            Instant.ofEpochMilli(cutoff),
            config.maxAge(),
            store.describe());
      }
      endRun(now);
    } else {
      cursor = outcome.next();
    }
    return outcome.deleted();
  }

  /** Whether a run is under way: more transactions follow without waiting for the interval. */
  boolean running() {
    return running;
  }

  private void endRun(long now) {
    running = false;
    cursor = "";
    deletedThisRun = 0;
    nextRunAt = now + config.interval().toMillis();
  }
}

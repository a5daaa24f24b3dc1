package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch to the store, retrying the same batch with a growing back-off until it is stored, so a full
 * disk or a locked file delays fixes but never drops them. Only {@link #stop()} ends the retries.
 */
final class PersistentWriter {

  private static final Logger log = LoggerFactory.getLogger(PersistentWriter.class);
  /** Short, so writes resume within seconds of the disk having space again; a retry costs one small transaction. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(4);

  private final FixWriter store;
  private final IngestorStats stats;
  private final Duration firstBackoff;
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  PersistentWriter(FixWriter store, IngestorStats stats, Duration firstBackoff) {
    this.store = store;
    this.stats = stats;
    this.firstBackoff = firstBackoff;
  }

  /** @return fixes inserted, or empty when stopped before the store accepted the batch */
  OptionalInt insert(List<GpsFix> fixes) {
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        return OptionalInt.of(store.insert(fixes));
      } catch (RuntimeException e) {
        stats.writeFailed(String.valueOf(e.getMessage()));
        log.error("could not store {} fixes in {} (attempt {}): {}; offsets not committed, retrying the same batch"
                + " in {} ms. Check free disk space and write permission on the data directory",
            fixes.size(), store.describe(), attempt, e.getMessage(), backoff.toMillis(), attempt == 1 ? e : null);
        if (!waitUnlessStopped(backoff)) {
          log.warn("stopped with {} fixes not stored; their offsets are not committed, so they will be re-read",
              fixes.size());
          return OptionalInt.empty();
        }
        backoff = doubled(backoff);
      }
    }
  }

  /** Ends any wait between retries; later failures are not retried. */
  void stop() {
    stopRequested.countDown();
  }

  private boolean waitUnlessStopped(Duration backoff) {
    try {
      return !stopRequested.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Duration doubled(Duration backoff) {
    Duration next = backoff.multipliedBy(2);
    return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
  }
}

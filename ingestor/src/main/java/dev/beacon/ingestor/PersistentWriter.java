package dev.beacon.ingestor;

import dev.beacon.runtime.kafka.RetryBackoff;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch to the store, retrying the same batch with a growing back-off until it is stored,
 * so a full disk or a locked file delays fixes but never drops them. Only stopping the back-off
 * (the ingestor's stop) ends the retries.
 */
final class PersistentWriter {

  private static final Logger log = LoggerFactory.getLogger(PersistentWriter.class);

  /**
   * Short, so writes resume within seconds of the disk having space again; a retry costs one small
   * transaction.
   */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(4);

  private final FixWriter store;
  private final IngestorStats stats;
  private final RetryBackoff backoff;

  /**
   * @param backoff the waits between attempts; once stopped, a failed attempt is not retried
   */
  PersistentWriter(FixWriter store, IngestorStats stats, RetryBackoff backoff) {
    this.store = store;
    this.stats = stats;
    this.backoff = backoff;
  }

  /**
   * @return what the write did, or empty when stopped before the store accepted the batch
   */
  Optional<BatchOutcome> insert(List<ReceivedFix> fixes) {
    for (int attempt = 1; ; attempt++) {
      try {
        BatchOutcome outcome = store.write(fixes);
        backoff.succeeded();
        return Optional.of(outcome);
      } catch (RuntimeException e) {
        stats.writeFailed(String.valueOf(e.getMessage()));
        log.error(
            "could not store {} fixes in {} (attempt {}): {}; offsets not committed, retrying the same batch"
                + " in {} ms. Check free disk space and write permission on the data directory",
            fixes.size(),
            store.describe(),
            attempt,
            e.getMessage(),
            backoff.nextMillis(),
            attempt == 1 ? e : null);
        if (!backoff.pause()) {
          log.warn(
              "stopped with {} fixes not stored; their offsets are not committed, so they will be re-read",
              fixes.size());
          return Optional.empty();
        }
      }
    }
  }
}

package dev.beacon.ingestor;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the ingestor has done since it started. Written by the ingestor thread, read by the API from
 * any thread; each counter is individually consistent, a snapshot across counters is not atomic.
 */
public final class IngestorStats {

  private final AtomicLong rowsInserted = new AtomicLong();
  private final AtomicLong duplicatesIgnored = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();
  private final AtomicLong malformedRecords = new AtomicLong();
  private final AtomicLong batchesCommitted = new AtomicLong();
  private final AtomicLong writeFailures = new AtomicLong();
  private final AtomicLong fixesPruned = new AtomicLong();
  private final AtomicLong lastBatchSize = new AtomicLong();
  private final AtomicLong lastCommitMillis = new AtomicLong();
  private final AtomicLong lastCommitAt = new AtomicLong();
  private volatile String storeProblem;

  /** Records a batch written to SQLite and committed to Kafka. */
  public void batchCommitted(int batchSize, int inserted, long tookMillis) {
    batchCommitted(batchSize, inserted, 0, tookMillis);
  }

  /**
   * Records a batch written to SQLite and committed to Kafka, in which {@code conflicting} fixes
   * were refused for other coordinates at a stored key (newly recorded conflicts); the other
   * ignored fixes were replays.
   */
  public void batchCommitted(int batchSize, int inserted, int conflicting, long tookMillis) {
    rowsInserted.addAndGet(inserted);
    duplicatesIgnored.addAndGet(batchSize - inserted - conflicting);
    conflicts.addAndGet(conflicting);
    batchesCommitted.incrementAndGet();
    lastBatchSize.set(batchSize);
    lastCommitMillis.set(tookMillis);
    lastCommitAt.set(System.currentTimeMillis());
    storeProblem = null;
  }

  public void malformedRecord() {
    malformedRecords.incrementAndGet();
  }

  public void writeFailed() {
    writeFailed("the store refused a write");
  }

  /**
   * A batch the store refused, for {@code reason}; it stays the store's problem until a batch is
   * committed.
   */
  public void writeFailed(String reason) {
    writeFailures.incrementAndGet();
    storeProblem = reason;
  }

  /**
   * Why the store refuses writes (offsets are not committed meanwhile), or null while it takes
   * them.
   */
  public String storeProblem() {
    return storeProblem;
  }

  /** 1 while the store refuses writes, else 0: a gauge for alerts. */
  public double storeFailing() {
    return storeProblem == null ? 0 : 1;
  }

  public long rowsInserted() {
    return rowsInserted.get();
  }

  public long duplicatesIgnored() {
    return duplicatesIgnored.get();
  }

  /**
   * Fixes refused since start because their key was stored with other coordinates (each recorded
   * once).
   */
  public long conflicts() {
    return conflicts.get();
  }

  public long malformedRecords() {
    return malformedRecords.get();
  }

  public long batchesCommitted() {
    return batchesCommitted.get();
  }

  /** Fixes deleted by retention ({@code BEACON_RETENTION}). */
  public long fixesPruned() {
    return fixesPruned.get();
  }

  void fixesPruned(int count) {
    fixesPruned.addAndGet(count);
  }

  public long writeFailures() {
    return writeFailures.get();
  }

  public long lastBatchSize() {
    return lastBatchSize.get();
  }

  /** How long the last batch took from the start of its SQLite transaction to its Kafka commit. */
  public long lastCommitMillis() {
    return lastCommitMillis.get();
  }

  /** Wall-clock time of the last commit, epoch milliseconds; 0 before the first. */
  public long lastCommitAt() {
    return lastCommitAt.get();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("rows_inserted", rowsInserted())
        .put("duplicates_ignored", duplicatesIgnored())
        .put("conflicts", conflicts())
        .put("malformed_records", malformedRecords())
        .put("batches_committed", batchesCommitted())
        .put("write_failures", writeFailures())
        .put("fixes_pruned", fixesPruned())
        .put("last_batch_size", lastBatchSize())
        .put("last_commit_millis", lastCommitMillis())
        .put("last_commit_at", lastCommitAt());
  }
}

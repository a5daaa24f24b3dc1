package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The fixes received since the last commit, and the offsets that commit will store: one past the
 * last record seen per partition, skipped malformed records included, so they are never read again.
 *
 * <p>Full at {@code maxRows} fixes, due {@code maxDelay} after the first record arrived. Used by
 * the ingestor thread only.
 */
final class PendingBatch {

  private final int maxRows;
  private final long maxDelayNanos;
  private final List<ReceivedFix> fixes;
  private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
  private long firstRecordNanos;

  PendingBatch(int maxRows, Duration maxDelay) {
    this.maxRows = maxRows;
    this.maxDelayNanos = maxDelay.toNanos();
    this.fixes = new ArrayList<>(Math.min(maxRows, 100_000));
  }

  void add(ConsumerRecord<?, ?> record, GpsFix fix) {
    advancePast(record);
    fixes.add(ReceivedFix.from(record, fix));
  }

  /**
   * Counts a record that will not be stored (malformed) so its offset is committed with the batch.
   */
  void skip(ConsumerRecord<?, ?> record) {
    advancePast(record);
  }

  private void advancePast(ConsumerRecord<?, ?> record) {
    if (isEmpty()) {
      firstRecordNanos = System.nanoTime();
    }
    offsets.put(
        new TopicPartition(record.topic(), record.partition()),
        new OffsetAndMetadata(record.offset() + 1));
  }

  /**
   * Forgets the offsets of partitions this consumer no longer owns: their fixes are still written
   * (harmless, inserts are idempotent) but committing for them would overwrite the new owner's
   * progress.
   */
  void disown(Collection<TopicPartition> partitions) {
    partitions.forEach(offsets::remove);
  }

  boolean isEmpty() {
    return offsets.isEmpty() && fixes.isEmpty();
  }

  int remainingCapacity() {
    return Math.max(0, maxRows - fixes.size());
  }

  boolean isFull() {
    return fixes.size() >= maxRows;
  }

  boolean isDue(long nowNanos) {
    return !isEmpty() && nowNanos - firstRecordNanos >= maxDelayNanos;
  }

  /** How long until the batch is due, or {@code idle} when there is nothing pending. */
  Duration timeUntilDue(long nowNanos, Duration idle) {
    if (isEmpty()) {
      return idle;
    }
    return Duration.ofNanos(Math.max(0, firstRecordNanos + maxDelayNanos - nowNanos));
  }

  List<ReceivedFix> fixes() {
    return fixes;
  }

  Map<TopicPartition, OffsetAndMetadata> offsets() {
    return Map.copyOf(offsets);
  }

  int size() {
    return fixes.size();
  }

  void clear() {
    fixes.clear();
    offsets.clear();
  }
}

package dev.beacon.runtime.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * Drops deliveries made twice: per delivery partition and source partition, remembers the newest
 * {@link DeliverySource} let through and refuses anything at or before it (see {@link
 * DeliverySource} for why this is exact). Deliveries without a source always pass. Not thread-safe:
 * one per reader.
 *
 * <p>A repeat goes back at most to the last committed offsets, a few transactions' or one poll's
 * worth of records; a source more than {@value #MAX_REWIND} offsets before the newest is not a
 * repeat but a source topic that was deleted and created again, and starts its stream afresh.
 */
public final class DuplicateFilter {

  /**
   * Far more than the broadcaster keeps uncommitted or the GPS relay re-reads (each bounded to
   * 10,000s).
   */
  public static final long MAX_REWIND = 1_000_000;

  /**
   * One ordered stream of sources: those of one source partition, within one delivery partition.
   */
  private record SourceStream(
      int deliveryPartition, DeliverySource.SourceTopic topic, int sourcePartition) {}

  private final Map<SourceStream, DeliverySource> newest = new HashMap<>();

  /**
   * Starts from {@code seen}, a delivery known to be delivered already: everything up to it is a
   * duplicate.
   */
  public void seed(int deliveryPartition, DeliverySource seen) {
    if (seen != null) {
      newest.put(new SourceStream(deliveryPartition, seen.topic(), seen.partition()), seen);
    }
  }

  /** True the first time a delivery is seen, false for a copy of one seen before. */
  public boolean firstTime(int deliveryPartition, DeliverySource source) {
    if (source == null) {
      return true;
    }
    SourceStream stream = new SourceStream(deliveryPartition, source.topic(), source.partition());
    DeliverySource last = newest.get(stream);
    if (last != null && !source.isAfter(last) && last.offset() - source.offset() <= MAX_REWIND) {
      return false;
    }
    newest.put(stream, source);
    return true;
  }
}

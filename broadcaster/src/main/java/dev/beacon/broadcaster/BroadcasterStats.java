package dev.beacon.broadcaster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the broadcaster has done since it started. Written by its threads, read from any thread;
 * each counter is individually consistent, a snapshot across counters is not atomic.
 */
public final class BroadcasterStats {

  private final AtomicLong messagesRouted = new AtomicLong();
  private final AtomicLong deliveriesProduced = new AtomicLong();
  private final AtomicLong transactionsCommitted = new AtomicLong();
  private final AtomicLong transactionsAborted = new AtomicLong();
  private final AtomicLong presenceRecords = new AtomicLong();
  private final AtomicLong gpsFixesRead = new AtomicLong();
  private final AtomicLong gpsFixesRelayed = new AtomicLong();
  private final AtomicLong gpsDeliveries = new AtomicLong();

  /** Records a committed transaction that routed {@code messages} into {@code deliveries}. */
  void committed(int messages, int deliveries) {
    messagesRouted.addAndGet(messages);
    deliveriesProduced.addAndGet(deliveries);
    transactionsCommitted.incrementAndGet();
  }

  void aborted() {
    transactionsAborted.incrementAndGet();
  }

  void presenceApplied() {
    presenceRecords.incrementAndGet();
  }

  /**
   * Records a GPS poll whose sends were acknowledged: fixes read, fixes followed, deliveries
   * produced.
   */
  void gpsRelayed(int read, int relayed, int deliveries) {
    gpsFixesRead.addAndGet(read);
    gpsFixesRelayed.addAndGet(relayed);
    gpsDeliveries.addAndGet(deliveries);
  }

  /** Records of {@code beacon.gps} read by the live relay (followed or not, malformed or not). */
  public long gpsFixesRead() {
    return gpsFixesRead.get();
  }

  /** Fixes that had at least one follower and were relayed to {@code beacon.deliveries}. */
  public long gpsFixesRelayed() {
    return gpsFixesRelayed.get();
  }

  /**
   * {@code gps} deliveries acknowledged by {@code beacon.deliveries} (one per followed room of a
   * fix).
   */
  public long gpsDeliveries() {
    return gpsDeliveries.get();
  }

  /** Messages whose deliveries were committed. */
  public long messagesRouted() {
    return messagesRouted.get();
  }

  /** Deliveries committed to {@code beacon.deliveries}. */
  public long deliveriesProduced() {
    return deliveriesProduced.get();
  }

  public long transactionsCommitted() {
    return transactionsCommitted.get();
  }

  /** Transactions aborted and retried (their messages were read again). */
  public long transactionsAborted() {
    return transactionsAborted.get();
  }

  /** Records of {@code beacon.presence} taken into the view. */
  public long presenceRecords() {
    return presenceRecords.get();
  }

  @Override
  public String toString() {
    return "messages routed "
        + messagesRouted()
        + ", deliveries "
        + deliveriesProduced()
        + ", transactions "
        + transactionsCommitted()
        + " committed / "
        + transactionsAborted()
        + " aborted, presence records "
        + presenceRecords()
        + ", gps fixes "
        + gpsFixesRead()
        + " read / "
        + gpsFixesRelayed()
        + " relayed in "
        + gpsDeliveries()
        + " deliveries";
  }
}

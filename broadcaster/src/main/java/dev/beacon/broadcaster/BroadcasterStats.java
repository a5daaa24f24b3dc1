package dev.beacon.broadcaster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the broadcaster has done since it started. Written by its threads, read from any thread; each counter
 * is individually consistent, a snapshot across counters is not atomic.
 */
public final class BroadcasterStats {

  private final AtomicLong messagesRouted = new AtomicLong();
  private final AtomicLong deliveriesProduced = new AtomicLong();
  private final AtomicLong malformedMessages = new AtomicLong();
  private final AtomicLong transactionsCommitted = new AtomicLong();
  private final AtomicLong transactionsAborted = new AtomicLong();
  private final AtomicLong presenceRecords = new AtomicLong();
  private final AtomicLong malformedPresence = new AtomicLong();

  /** Records a committed transaction that routed {@code messages} into {@code deliveries}. */
  void committed(int messages, int deliveries) {
    messagesRouted.addAndGet(messages);
    deliveriesProduced.addAndGet(deliveries);
    transactionsCommitted.incrementAndGet();
  }

  void malformedMessageSkipped() {
    malformedMessages.incrementAndGet();
  }

  void aborted() {
    transactionsAborted.incrementAndGet();
  }

  void presenceApplied() {
    presenceRecords.incrementAndGet();
  }

  void malformedPresenceSkipped() {
    malformedPresence.incrementAndGet();
  }

  /** Messages whose deliveries were committed. */
  public long messagesRouted() {
    return messagesRouted.get();
  }

  /** Deliveries committed to {@code beacon.deliveries}. */
  public long deliveriesProduced() {
    return deliveriesProduced.get();
  }

  /** Records of {@code beacon.messages} that could not be decoded and were skipped. */
  public long malformedMessages() {
    return malformedMessages.get();
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

  /** Records of {@code beacon.presence} that could not be decoded and were skipped. */
  public long malformedPresence() {
    return malformedPresence.get();
  }

  @Override
  public String toString() {
    return "messages routed " + messagesRouted() + ", deliveries " + deliveriesProduced() + ", malformed "
        + malformedMessages() + ", transactions " + transactionsCommitted() + " committed / " + transactionsAborted()
        + " aborted, presence records " + presenceRecords() + " (" + malformedPresence() + " malformed)";
  }
}

package dev.beacon.broadcaster;

import dev.beacon.runtime.timing.Hop;
import dev.beacon.runtime.timing.HopClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the broadcaster's open transaction holds: the offsets to commit with it, counts, and when it
 * began.
 */
final class OpenTransaction {

  /** A transaction handed over for commit: what it routed, fixed. */
  record Closed(
      Map<TopicPartition, OffsetAndMetadata> offsets,
      int messages,
      int deliveries,
      List<long[]> polls) {

    /** Records, for every message of the transaction, the time from its poll to the commit. */
    void recordCommitted() {
      long now = HopClock.nowMicros();
      for (long[] poll : polls) {
        for (long i = 0; i < poll[1]; i++) {
          Hop.BROADCASTER_COMMIT.recordMicros(now - poll[0]);
        }
      }
    }
  }

  private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();

  /**
   * Per poll in the transaction: when it was polled and how many messages it had, for the commit
   * hop.
   */
  private final List<long[]> polls = new ArrayList<>();

  private boolean open;
  private long begunNanos;
  private int messages;
  private int deliveries;

  void begin() {
    open = true;
    begunNanos = System.nanoTime();
  }

  void add(RoutedBatch batch) {
    offsets.putAll(batch.offsets());
    messages += batch.messages();
    deliveries += batch.deliveries().size();
    polls.add(new long[] {batch.polledMicros(), batch.messages()});
  }

  boolean isOpen() {
    return open;
  }

  long ageNanos() {
    return System.nanoTime() - begunNanos;
  }

  int messages() {
    return messages;
  }

  /** Ends the transaction here: what it holds, for its commit; this is empty again. */
  Closed close() {
    Closed closed = new Closed(Map.copyOf(offsets), messages, deliveries, List.copyOf(polls));
    clear();
    return closed;
  }

  private void clear() {
    offsets.clear();
    polls.clear();
    open = false;
    messages = 0;
    deliveries = 0;
  }
}

package dev.beacon.runtime.kafka;

import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What a {@link ConsumeLoop} runs, in the manner of Kafka Connect's {@code SinkTask}: the loop owns
 * the thread, the consumer's life, the rebalance listener, decoding and the bad-record policy, the
 * commit, the seek-back and back-off after a failure, readiness and the stop; the task says only
 * what it does with a batch of decoded records ({@link #put}). Every method runs on the loop's
 * thread.
 *
 * <p>A turn is {@link #decode} of each record polled, {@link #put} (when the poll brought records)
 * then {@link #afterPoll}. A poll the task cannot handle for now it hands back by throwing {@link
 * RetryBatchException}: the loop seeks back to the poll's first offsets and backs off. Other
 * failures it can retry it handles inside, waiting {@link ConsumeContext#backOff()} before it reads
 * again; any other exception that escapes stops the loop, which logs what no longer works ({@link
 * LoopSettings}) and reports {@link ConsumeLoop#hasFailed()}.
 *
 * @param <T> what a record decodes to
 */
public interface ConsumeTask<T> {

  /**
   * Assigns partitions ({@link ConsumeContext#assignAll}: the loop is then ready once it has read
   * what the topic held at start) or subscribes ({@link ConsumeContext#subscribe}, which brings
   * rebalances to {@link #onAssigned} and {@link #onRevoked}; the loop is ready when this returns),
   * and prepares the task's other clients.
   */
  void start(ConsumeContext context);

  /**
   * Decodes (and validates) one record. A record it refuses with {@link IllegalArgumentException}
   * is bad: the loop counts it, logs it and writes it to the dead-letter topic, and hands it to
   * {@link #put} marked bad, so that its offset still counts. May return null for a record that is
   * well-formed but says nothing (a tombstone).
   */
  T decode(ConsumerRecord<byte[], byte[]> record);

  /** The records of one poll, never empty, decoded. */
  void put(Polled<T> records);

  /**
   * After every poll, with or without records: work due by time rather than by records (a batch's
   * delay).
   */
  default void afterPoll() {}

  /**
   * How long the next poll may wait for records; {@code idle} is the loop's own ({@link
   * LoopSettings#idlePoll()}).
   */
  default Duration pollTimeout(Duration idle) {
    return idle;
  }

  /** After partitions are assigned to this member of the group (before the first poll of them). */
  default void onAssigned(Collection<TopicPartition> partitions) {}

  /**
   * Before partitions are taken away in a rebalance: settle and commit what is pending for them.
   */
  default void onRevoked(Collection<TopicPartition> partitions) {}

  /**
   * When partitions were lost (another member may own them already); by default as if revoked, as
   * in Kafka.
   */
  default void onLost(Collection<TopicPartition> partitions) {
    onRevoked(partitions);
  }

  /**
   * When the loop was stopped (not failed): settle pending work while the clients are still open.
   */
  default void flush() {}

  /**
   * Releases what the task holds besides the consumer, however the loop ends, even when it never
   * started.
   */
  default void close() {}

  /** Why an error that escaped a turn stopped the loop, for the log; by default its message. */
  default String reasonOf(RuntimeException e) {
    return e.getMessage();
  }

  /** What the loop's last log line adds, e.g. counters; empty by default. */
  default String stoppedDetails() {
    return "";
  }
}

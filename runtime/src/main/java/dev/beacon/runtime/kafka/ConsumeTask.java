package dev.beacon.runtime.kafka;

import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * What a {@link ConsumeLoop} runs, in the manner of Kafka Connect's {@code SinkTask}: the loop owns the thread, the
 * consumer's life, the rebalance listener, the back-off and the stop; the task says only what happens to records.
 * Every method runs on the loop's thread.
 *
 * <p>A turn is {@link #put} (when the poll brought records) then {@link #afterPoll}. A failure the task can retry
 * it handles inside, waiting {@link ConsumeContext#backOff()} before it reads again; an exception that escapes
 * stops the loop, which logs what no longer works ({@link LoopSettings}) and reports {@link ConsumeLoop#hasFailed()}.
 */
public interface ConsumeTask {

  /**
   * Assigns partitions or subscribes ({@link ConsumeContext#subscribe}, which brings rebalances to
   * {@link #onAssigned} and {@link #onRevoked}), and prepares the task's other clients. The loop is ready when this
   * returns, unless {@link #readyOnStart()} says the task will tell it.
   */
  void start(ConsumeContext context);

  /** The records of one poll, never empty. */
  void put(ConsumerRecords<byte[], byte[]> records);

  /** After every poll, with or without records: work due by time rather than by records (a batch's delay). */
  default void afterPoll() {
  }

  /** How long the next poll may wait for records; {@code idle} is the loop's own ({@link LoopSettings#idlePoll()}). */
  default Duration pollTimeout(Duration idle) {
    return idle;
  }

  /** After partitions are assigned to this member of the group (before the first poll of them). */
  default void onAssigned(Collection<TopicPartition> partitions) {
  }

  /** Before partitions are taken away in a rebalance: settle and commit what is pending for them. */
  default void onRevoked(Collection<TopicPartition> partitions) {
  }

  /** When partitions were lost (another member may own them already); by default as if revoked, as in Kafka. */
  default void onLost(Collection<TopicPartition> partitions) {
    onRevoked(partitions);
  }

  /** Whether the loop is ready once {@link #start} returns; false when the task calls {@link ConsumeContext#ready()}. */
  default boolean readyOnStart() {
    return true;
  }

  /** When the loop was stopped (not failed): settle pending work while the clients are still open. */
  default void flush() {
  }

  /** Releases what the task holds besides the consumer, however the loop ends, even when it never started. */
  default void close() {
  }

  /** Why an error that escaped a turn stopped the loop, for the log; by default its message. */
  default String reasonOf(RuntimeException e) {
    return e.getMessage();
  }

  /** What the loop's last log line adds, e.g. counters; empty by default. */
  default String stoppedDetails() {
    return "";
  }
}

package dev.beacon.runtime.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a {@link ConsumeLoop} puts a record it cannot process: {@link KafkaDeadLetters} in the
 * services (the {@code beacon.dlq} topic), {@link #NONE} in tests that do not look.
 */
public interface DeadLetters {

  /**
   * Keeps {@code record} with where it came from ({@code task} reading it) and why it was refused.
   * Never throws.
   */
  void send(ConsumerRecord<byte[], byte[]> record, String task, String reason);

  /** Waits until what was sent is acknowledged, before the loop commits past it. Never throws. */
  default void flush() {}

  default void close() {}

  /** Drops dead letters: for tests and tools that only count them. */
  DeadLetters NONE = (record, task, reason) -> {};
}

package dev.beacon.runtime.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What one poll brought a {@link ConsumeTask}, decoded by the loop: every record in poll order,
 * each with its value or marked bad (the loop has already counted, logged and dead-lettered a bad
 * one). A task stores or routes the good ones and keeps the offsets of all: a bad record is
 * skipped, never read again.
 *
 * @param entries every record of the poll, in order
 * @param <T> what the task's {@link ConsumeTask#decode} makes of a record
 */
public record Polled<T>(List<Entry<T>> entries) {

  /**
   * One record of the poll.
   *
   * @param value what {@link ConsumeTask#decode} made of it; null when it is {@code bad} (or
   *     decoded to nothing)
   * @param bad whether the loop's bad-record policy took it: the task skips it, its offset still
   *     counts
   */
  public record Entry<T>(ConsumerRecord<byte[], byte[]> record, T value, boolean bad) {}

  public Polled {
    entries = List.copyOf(entries);
  }

  /** The good records, in order. */
  public List<Entry<T>> good() {
    return entries.stream().filter(entry -> !entry.bad()).toList();
  }

  /** How many records the poll brought, bad ones included. */
  public int count() {
    return entries.size();
  }

  /** The offset to commit per partition: one past the last record polled, bad ones included. */
  public Map<TopicPartition, OffsetAndMetadata> offsets() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (Entry<T> entry : entries) {
      ConsumerRecord<byte[], byte[]> record = entry.record();
      offsets.put(
          new TopicPartition(record.topic(), record.partition()),
          new OffsetAndMetadata(record.offset() + 1));
    }
    return offsets;
  }

  /** The first offset polled per partition: where a retry of this poll reads again from. */
  public Map<TopicPartition, Long> firstOffsets() {
    Map<TopicPartition, Long> first = new HashMap<>();
    for (Entry<T> entry : entries) {
      ConsumerRecord<byte[], byte[]> record = entry.record();
      first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
    }
    return first;
  }
}

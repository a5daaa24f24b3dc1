package dev.beacon.it.support;

import dev.beacon.runtime.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic the way {@code kcat -o beginning -e} does: every partition from its start to its
 * current end.
 */
public final class TopicRecords {

  /** What to do with one record; {@code value} is null for a tombstone. */
  public interface Visitor {
    void visit(String key, String value);
  }

  private TopicRecords() {}

  /**
   * Visits every record of {@code topic} present now, waiting at most {@code wait}; returns how
   * many.
   */
  public static int readAll(KafkaSettings settings, String topic, Duration wait, Visitor visitor) {
    Map<String, Object> props = settings.consumer("it-reader-" + topic, "unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    int count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + wait.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          visitor.visit(text(record.key()), text(record.value()));
          count++;
        }
      }
    }
    return count;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}

package dev.beacon.it.faults;

import dev.beacon.runtime.kafka.DeliverySource;
import dev.beacon.runtime.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a {@code read_committed} consumer finds in {@code beacon.deliveries}: how many committed
 * deliveries were routed from the same {@code beacon.messages} record more than once. A broadcaster
 * whose transaction the broker aborted (it stalled past the transaction timeout) must not get its
 * copies committed beside those routed again.
 */
final class CommittedDeliveries {

  private CommittedDeliveries() {}

  /**
   * Committed message deliveries whose source (partition, offset, index) was already committed
   * once.
   */
  static long duplicates(String bootstrap) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "committed-check-" + UUID.randomUUID(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class);
    Map<DeliverySource, Integer> seen = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.DELIVERIES).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          DeliverySource source = DeliverySource.readFrom(record.headers());
          if (source != null && source.topic() == DeliverySource.SourceTopic.MESSAGES) {
            seen.merge(source, 1, Integer::sum);
          }
        }
      }
    }
    return seen.values().stream().mapToLong(n -> n - 1).sum();
  }
}

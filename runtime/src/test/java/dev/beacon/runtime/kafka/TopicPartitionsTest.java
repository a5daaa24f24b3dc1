package dev.beacon.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopicPartitionsTest {

  private static final String TOPIC = "beacon.test";

  private static List<PartitionInfo> partitions(int count) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(p -> new PartitionInfo(TOPIC, p, null, null, null))
        .toList();
  }

  @Test
  @DisplayName("asks again, through empty answers and Kafka errors, until the topic has partitions")
  void retriesUntilPartitions() {
    AtomicInteger asked = new AtomicInteger();
    List<TopicPartition> found =
        TopicPartitions.await(
            TOPIC,
            topic ->
                switch (asked.incrementAndGet()) {
                  case 1 -> List.of();
                  case 2 -> throw new KafkaException("topic not present in metadata (simulated)");
                  case 3 -> null;
                  default -> partitions(2);
                },
            Duration.ofSeconds(10));

    assertThat(found).containsExactly(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
    assertThat(asked).hasValue(4);
  }

  @Test
  @DisplayName("gives up after the timeout, naming the topic and the last error")
  void givesUp() {
    assertThatThrownBy(
            () ->
                TopicPartitions.await(
                    TOPIC,
                    topic -> {
                      throw new KafkaException("broker unreachable (simulated)");
                    },
                    Duration.ofMillis(250)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("topic " + TOPIC + " has no partitions after 250 ms")
        .hasMessageContaining("broker unreachable (simulated)")
        .hasCauseInstanceOf(KafkaException.class);
  }

  @Test
  @DisplayName("a stop ends the wait as a wakeup")
  void stopEndsTheWait() {
    assertThatThrownBy(
            () ->
                TopicPartitions.await(TOPIC, topic -> List.of(), Duration.ofMinutes(1), () -> true))
        .isInstanceOf(WakeupException.class);
  }
}

package dev.beacon.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KafkaDeadLettersTest {

  @Test
  @DisplayName(
      "a dead letter is the record as it was read, plus headers saying where it came from and why")
  void letterCarriesItsOrigin() {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>("acme.beacon.gps", 3, 42L, utf8("tracker-7"), utf8("{not json"));
    record.headers().add("beacon-received", new byte[] {1, 2});

    ProducerRecord<byte[], byte[]> letter =
        KafkaDeadLetters.letter("acme.beacon.dlq", record, "ingestor", "not JSON: unexpected end");

    assertThat(letter.topic()).isEqualTo("acme.beacon.dlq");
    assertThat(letter.key()).isEqualTo(record.key());
    assertThat(letter.value()).isEqualTo(record.value());
    Map<String, byte[]> headers = new HashMap<>();
    for (Header header : letter.headers()) {
      headers.put(header.key(), header.value());
    }
    assertThat(headers.get("beacon-received")).containsExactly(1, 2);
    assertThat(text(headers.get(KafkaDeadLetters.TOPIC))).isEqualTo("acme.beacon.gps");
    assertThat(text(headers.get(KafkaDeadLetters.PARTITION))).isEqualTo("3");
    assertThat(text(headers.get(KafkaDeadLetters.OFFSET))).isEqualTo("42");
    assertThat(text(headers.get(KafkaDeadLetters.TASK))).isEqualTo("ingestor");
    assertThat(text(headers.get(KafkaDeadLetters.REASON))).isEqualTo("not JSON: unexpected end");
  }

  @Test
  @DisplayName(
      "one dead-letter topic per deployment, behind its prefix, provisioned with the others")
  void provisioned() {
    KafkaSettings settings = KafkaSettings.builder().topics(new TopicNames("acme.")).build();
    assertThat(settings.topics().deadLetters()).isEqualTo("acme.beacon.dlq");
    assertThat(new TopicProvisioner(settings).allTopics())
        .anySatisfy(
            topic -> {
              assertThat(topic.name()).isEqualTo("acme.beacon.dlq");
              assertThat(topic.numPartitions()).isEqualTo(1);
            });
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

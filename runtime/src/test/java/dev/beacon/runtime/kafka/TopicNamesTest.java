package dev.beacon.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

  @Test
  @DisplayName(
      "no prefix: the documented names; a prefix goes in front of each, and settings carry it")
  void names() {
    assertThat(TopicNames.DEFAULT.gps()).isEqualTo(Topics.GPS);
    TopicNames acme = new TopicNames("acme.");
    assertThat(acme.gps()).isEqualTo("acme.beacon.gps");
    assertThat(acme.messages()).isEqualTo("acme.beacon.messages");
    assertThat(acme.deliveries()).isEqualTo("acme.beacon.deliveries");
    assertThat(acme.presence()).isEqualTo("acme.beacon.presence");
    assertThat(acme.control()).isEqualTo("acme.beacon.control");
    KafkaSettings settings =
        KafkaSettings.builder().bootstrap("127.0.0.1:9092").partitions(3).build();
    assertThat(settings.topics()).isEqualTo(TopicNames.DEFAULT);
    assertThat(
            settings.toBuilder()
                .topics(new TopicNames("acme."))
                .partitions(6)
                .retention(TopicRetention.defaults())
                .build()
                .topics()
                .gps())
        .isEqualTo("acme.beacon.gps");
    assertThat(
            new TopicProvisioner(settings.toBuilder().topics(new TopicNames("t-")).build())
                .allTopics())
        .allSatisfy(topic -> assertThat(topic.name()).startsWith("t-beacon."));
  }

  @Test
  @DisplayName(
      "a prefix with characters Kafka refuses in topic names is refused, naming the setting")
  void illegalPrefix() {
    assertThatThrownBy(() -> new TopicNames("acme/")).hasMessageContaining("BEACON_TOPIC_PREFIX");
    assertThatThrownBy(() -> new TopicNames("a".repeat(101))).hasMessageContaining("at most 100");
  }
}

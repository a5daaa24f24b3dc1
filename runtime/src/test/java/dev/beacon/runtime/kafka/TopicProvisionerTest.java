package dev.beacon.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TopicProvisioner")
class TopicProvisionerTest {

  @Test
  @DisplayName(
      "specifies beacon.gps with the configured partitions and replication and a week of retention")
  void gpsTopic() {
    KafkaSettings settings =
        KafkaSettings.builder()
            .bootstrap("127.0.0.1:9092")
            .partitions(12)
            .replication((short) 3)
            .build();

    NewTopic topic = new TopicProvisioner(settings).gpsTopic();

    assertThat(topic.name()).isEqualTo(Topics.GPS).isEqualTo("beacon.gps");
    assertThat(topic.numPartitions()).isEqualTo(12);
    assertThat(topic.replicationFactor()).isEqualTo((short) 3);
    assertThat(topic.configs()).isEqualTo(Map.of("retention.ms", "604800000"));
    assertThat(topic.replicasAssignments()).isNull();
  }

  @Test
  @DisplayName("topic names are the documented contract between services")
  void topicNames() {
    assertThat(Topics.GPS).isEqualTo("beacon.gps");
    assertThat(Topics.MESSAGES).isEqualTo("beacon.messages");
    assertThat(Topics.DELIVERIES).isEqualTo("beacon.deliveries");
    assertThat(Topics.PRESENCE).isEqualTo("beacon.presence");
    assertThat(Topics.CONTROL).isEqualTo("beacon.control");
  }

  @Test
  @DisplayName("beacon.control has one partition, kept an hour, and is created with the others")
  void controlTopic() {
    TopicProvisioner provisioner = new TopicProvisioner(KafkaSettings.defaults("127.0.0.1:9092"));
    NewTopic topic = provisioner.controlTopic();

    assertThat(topic.name()).isEqualTo(Topics.CONTROL);
    assertThat(topic.numPartitions()).isEqualTo(1);
    assertThat(topic.configs()).isEqualTo(Map.of("retention.ms", "3600000"));
    assertThat(provisioner.allTopics()).extracting(NewTopic::name).contains(Topics.CONTROL);
  }
}

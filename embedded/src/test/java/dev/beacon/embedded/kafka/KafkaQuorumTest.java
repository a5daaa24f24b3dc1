package dev.beacon.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicProvisioner;
import java.nio.file.Path;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A broker's place in a KRaft quorum, and the topics made on a cluster")
class KafkaQuorumTest {

  private static final String VOTERS = "1@127.0.0.1:9093,2@127.0.0.1:9193,3@127.0.0.1:9293";

  @Test
  @DisplayName(
      "a node of three replicates the internal topics three times with two in sync, and is fenced after 6 s")
  void threeNodes() {
    KafkaBrokerConfig config =
        KafkaBrokerConfig.builder()
            .dataDir(Path.of("data"))
            .port(9192)
            .controllerPort(9193)
            .quorum(new KafkaQuorum(2, VOTERS, "AbCdEfGhIjKlMnOpQrStUv"))
            .build();

    var props = config.brokerProperties();

    assertThat(props)
        .containsEntry("node.id", "2")
        .containsEntry("controller.quorum.voters", VOTERS)
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2")
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("broker.session.timeout.ms", "6000")
        .containsEntry("unclean.leader.election.enable", "false");
  }

  @Test
  @DisplayName("a broker alone keeps everything at one replica, as beacon local runs it")
  void single() {
    var props = KafkaBrokerConfig.builder().dataDir(Path.of("data")).build().brokerProperties();

    assertThat(props)
        .containsEntry("node.id", "1")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .doesNotContainKey("broker.session.timeout.ms");
  }

  @Test
  @DisplayName(
      "refuses a node id outside the voters, malformed voters, and a cluster without a shared id")
  void refusesBadQuorums() {
    assertThatThrownBy(() -> new KafkaQuorum(4, VOTERS, "id"))
        .hasMessageContaining("BEACON_KAFKA_NODE_ID");
    assertThatThrownBy(() -> new KafkaQuorum(1, "1@host", "id"))
        .hasMessageContaining("id@host:controllerPort");
    assertThatThrownBy(() -> new KafkaQuorum(1, VOTERS, null))
        .hasMessageContaining("BEACON_KAFKA_CLUSTER_ID");
  }

  @Test
  @DisplayName(
      "topics get replication 3 and min.insync.replicas 2 from three brokers on, as configured below")
  void clusterTopics() {
    NewTopic gps = new TopicProvisioner(KafkaSettings.defaults("127.0.0.1:9092")).gpsTopic();

    NewTopic onThree = TopicProvisioner.forCluster(gps, 3);
    NewTopic onOne = TopicProvisioner.forCluster(gps, 1);

    assertThat(onThree.replicationFactor()).isEqualTo((short) 3);
    assertThat(onThree.numPartitions()).isEqualTo(gps.numPartitions());
    assertThat(onThree.configs())
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("retention.ms", gps.configs().get("retention.ms"));
    assertThat(onOne).isSameAs(gps);
    assertThat(onOne.replicationFactor()).isEqualTo((short) 1);
  }
}

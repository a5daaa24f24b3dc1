package dev.beacon.embedded.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * One node's place in a KRaft cluster whose every node is broker and controller: its id, the static
 * voter set ({@code id@host:controllerPort,...}, the same on every node) and the cluster id every
 * node formats its storage with. With three or more voters the internal topics (consumer offsets,
 * transaction state) are replicated three times and need two in-sync replicas, so a group or
 * transaction coordinator survives the loss of one broker.
 *
 * @param nodeId {@code node.id}, one of the ids in {@code voters}
 * @param voters {@code controller.quorum.voters}
 * @param clusterId the id storage is formatted with; null lets a single node choose its own and
 *     keep it
 */
public record KafkaQuorum(int nodeId, String voters, String clusterId) {

  private static final Pattern VOTER = Pattern.compile("\\d+@[^,@\\s]+:\\d+");

  public KafkaQuorum {
    if (voters == null
        || !java.util.Arrays.stream(voters.split(",")).allMatch(v -> VOTER.matcher(v).matches())) {
      throw new IllegalArgumentException(
          "quorum voters '"
              + voters
              + "' must read id@host:controllerPort,"
              + " comma-separated, e.g. 1@10.0.0.1:9093,2@10.0.0.2:9093,3@10.0.0.3:9093; set BEACON_KAFKA_QUORUM_VOTERS");
    }
    if (!voters.startsWith(nodeId + "@") && !voters.contains("," + nodeId + "@")) {
      throw new IllegalArgumentException(
          "node id "
              + nodeId
              + " is not one of the quorum voters "
              + voters
              + "; set BEACON_KAFKA_NODE_ID to this node's id in BEACON_KAFKA_QUORUM_VOTERS");
    }
    if (voters.split(",").length > 1 && (clusterId == null || clusterId.isBlank())) {
      throw new IllegalArgumentException(
          "a cluster of "
              + voters.split(",").length
              + " nodes needs one cluster id"
              + " on every node; set BEACON_KAFKA_CLUSTER_ID (22 characters, e.g. from `kafka-storage random-uuid`)");
    }
  }

  /** Node 1 alone, its controller at {@code controllerAddress}: what {@code beacon local} runs. */
  public static KafkaQuorum single(String controllerAddress) {
    return new KafkaQuorum(1, "1@" + controllerAddress, null);
  }

  public int size() {
    return voters.split(",").length;
  }

  /**
   * Replication of the internal topics: 3 (at most the cluster's size) with a minimum in-sync of 2
   * once the cluster can afford it, so losing one broker neither loses a committed offset nor stops
   * transactions.
   */
  Properties internalTopicProperties() {
    String replication = String.valueOf(Math.min(3, size()));
    String minInSync = size() >= 3 ? "2" : "1";
    Properties p = new Properties();
    p.putAll(
        Map.of(
            "offsets.topic.replication.factor", replication,
            "offsets.topic.num.partitions", "10",
            "transaction.state.log.replication.factor", replication,
            "transaction.state.log.min.isr", minInSync,
            "share.coordinator.state.topic.replication.factor", replication,
            "share.coordinator.state.topic.min.isr", minInSync,
            "default.replication.factor", replication,
            "min.insync.replicas", minInSync));
    if (size() > 1) {
      // A SIGKILLed broker loses its partition leadership only when the controller stops hearing
      // from it; the
      // default 9 s alone would eat the 10 s in which fixes must be acknowledged again
      // (docs/operations.md).
      p.put("broker.session.timeout.ms", "6000");
      p.put("broker.heartbeat.interval.ms", "1000");
      // Never elect a replica that missed acknowledged records: that would lose fixes answered OK.
      p.put("unclean.leader.election.enable", "false");
    }
    return p;
  }
}

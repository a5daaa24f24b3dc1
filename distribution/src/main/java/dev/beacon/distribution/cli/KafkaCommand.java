package dev.beacon.distribution.cli;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.embedded.kafka.KafkaQuorum;
import dev.beacon.server.cli.DataDirOption;
import dev.beacon.server.cli.UntilStopped;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code beacon kafka}: only the embedded broker, alone or as one node of a multi-node KRaft
 * cluster.
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = {
      "Run an Apache Kafka broker (KRaft, broker and controller) with its logs under --data-dir/kafka.",
      "Alone by default; with --quorum-voters, --node-id and --cluster-id one node of a cluster (three nodes:",
      "run this three times with the same voters and cluster id, each with its own node id and ports).",
      "Point services at it with BEACON_KAFKA_BOOTSTRAP=<kafka-host>:<kafka-port>[,...]."
    })
public final class KafkaCommand implements Callable<Integer> {

  @Mixin DataDirOption dataDir;
  @Mixin EmbeddedKafkaOptions broker;

  @Option(
      names = "--node-id",
      defaultValue = "${env:BEACON_KAFKA_NODE_ID:-1}",
      description =
          "This node's id among --quorum-voters (env BEACON_KAFKA_NODE_ID, default ${DEFAULT-VALUE}).")
  int nodeId;

  @Option(
      names = "--quorum-voters",
      defaultValue = "${env:BEACON_KAFKA_QUORUM_VOTERS:-}",
      description =
          "Every node's id@host:controllerPort, comma-separated, the same on every node; empty runs a "
              + "cluster of this node alone (env BEACON_KAFKA_QUORUM_VOTERS).")
  String voters;

  @Option(
      names = "--cluster-id",
      defaultValue = "${env:BEACON_KAFKA_CLUSTER_ID:-}",
      description =
          "The id every node of a cluster formats its storage with (22 characters, such as "
              + "`kafka-storage random-uuid` prints); kept in --data-dir after the first start (env BEACON_KAFKA_CLUSTER_ID).")
  String clusterId;

  @Override
  public Integer call() {
    EmbeddedKafka kafka = EmbeddedKafka.start(config());
    System.out.printf("Kafka is running on %s. Stop with Ctrl-C.%n", kafka.bootstrap());
    return UntilStopped.await(kafka::close);
  }

  private KafkaBrokerConfig config() {
    KafkaBrokerConfig single = broker.config(dataDir.path());
    if (voters == null || voters.isBlank()) {
      return single;
    }
    return single.toBuilder()
        .quorum(
            new KafkaQuorum(nodeId, voters.strip(), clusterId.isBlank() ? null : clusterId.strip()))
        .build();
  }
}

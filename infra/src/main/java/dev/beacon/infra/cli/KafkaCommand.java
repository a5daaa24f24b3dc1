package dev.beacon.infra.cli;

import dev.beacon.infra.kafka.EmbeddedKafka;
import dev.beacon.server.cli.DataDirOption;
import dev.beacon.server.cli.UntilStopped;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code beacon kafka}: only the embedded broker, for split deployments on one machine. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = {"Run a single-node Apache Kafka broker (KRaft) with its logs under --data-dir/kafka.",
        "Point services at it with BEACON_KAFKA_BOOTSTRAP=<kafka-host>:<kafka-port>."})
public final class KafkaCommand implements Callable<Integer> {

  @Mixin DataDirOption dataDir;
  @Mixin EmbeddedKafkaOptions broker;

  @Override
  public Integer call() {
    EmbeddedKafka kafka = EmbeddedKafka.start(broker.config(dataDir.path()));
    System.out.printf("Kafka is running on %s. Stop with Ctrl-C.%n", kafka.bootstrap());
    return UntilStopped.await(kafka::close);
  }
}

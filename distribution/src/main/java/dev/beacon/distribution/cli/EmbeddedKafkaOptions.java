package dev.beacon.distribution.cli;

import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the embedded broker listens. */
public final class EmbeddedKafkaOptions {

  @Option(
      names = "--kafka-host",
      defaultValue = "${env:BEACON_KAFKA_HOST:-127.0.0.1}",
      description =
          "Embedded broker listener address (env BEACON_KAFKA_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--kafka-port",
      defaultValue = "${env:BEACON_KAFKA_PORT:-9092}",
      description =
          "Embedded broker client port (env BEACON_KAFKA_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--kafka-controller-port",
      defaultValue = "${env:BEACON_KAFKA_CONTROLLER_PORT:-9093}",
      description =
          "Embedded broker KRaft controller port (env BEACON_KAFKA_CONTROLLER_PORT, default ${DEFAULT-VALUE}).")
  int controllerPort;

  public KafkaBrokerConfig config(Path dataDir) {
    return KafkaBrokerConfig.builder()
        .dataDir(dataDir)
        .host(host)
        .port(port)
        .controllerPort(controllerPort)
        .build();
  }
}

package dev.beacon.server.cli;

import dev.beacon.runtime.kafka.KafkaClientProperties;
import dev.beacon.runtime.kafka.KafkaSettings;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a service reaches an external Kafka cluster (servers, SASL/SSL and any client property), plus
 * the topic options.
 */
public final class KafkaClientOptions {

  @Option(
      names = "--kafka-bootstrap",
      defaultValue = "${env:BEACON_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
      paramLabel = "HOST:PORT",
      description =
          "Kafka bootstrap servers (env BEACON_KAFKA_BOOTSTRAP, default ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(
      names = "--kafka-config",
      defaultValue = "${env:BEACON_KAFKA_CONFIG:-}",
      paramLabel = "FILE",
      description =
          "Kafka client properties file applied to every producer, consumer and admin client (security.protocol, "
              + "sasl.*, ssl.*, ...), like the --command-config of Kafka's tools; single properties also as env "
              + "BEACON_KAFKA_CLIENT_<NAME> (SECURITY_PROTOCOL is security.protocol) (env BEACON_KAFKA_CONFIG, default none).")
  String config;

  @Mixin KafkaTopicOptions topics;

  public KafkaSettings settings() {
    Path file = config == null || config.isBlank() ? null : Path.of(config.strip());
    return topics.settings(bootstrap).toBuilder()
        .client(KafkaClientProperties.load(file, System.getenv()))
        .build();
  }
}

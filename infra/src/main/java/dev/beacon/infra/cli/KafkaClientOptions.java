package dev.beacon.infra.cli;

import dev.beacon.common.kafka.KafkaSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a service reaches an external Kafka cluster, plus the topic options. */
public final class KafkaClientOptions {

  @Option(names = "--kafka-bootstrap", defaultValue = "${env:BEACON_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
      paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (env BEACON_KAFKA_BOOTSTRAP, default ${DEFAULT-VALUE}).")
  String bootstrap;

  @Mixin KafkaTopicOptions topics;

  public KafkaSettings settings() {
    return topics.settings(bootstrap);
  }
}

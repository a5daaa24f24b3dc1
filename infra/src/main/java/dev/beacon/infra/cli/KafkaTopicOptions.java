package dev.beacon.infra.cli;

import dev.beacon.common.kafka.KafkaSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the topics Beacon creates are laid out, and how long a producer waits for Kafka. */
public final class KafkaTopicOptions {

  @Option(names = "--partitions", defaultValue = "${env:BEACON_KAFKA_PARTITIONS:-6}",
      description = "Partitions of each topic Beacon creates (env BEACON_KAFKA_PARTITIONS, default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--replication", defaultValue = "${env:BEACON_KAFKA_REPLICATION:-1}",
      description = "Replication factor of each topic Beacon creates (env BEACON_KAFKA_REPLICATION, default ${DEFAULT-VALUE}).")
  short replication;

  @Option(names = "--ack-timeout", defaultValue = "${env:BEACON_ACK_TIMEOUT:-5s}", converter = DurationConverter.class,
      description = "Longest wait for a Kafka ack before a device gets an error (env BEACON_ACK_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration ackTimeout;

  @Option(names = "--linger-ms", defaultValue = "${env:BEACON_KAFKA_LINGER_MS:-2}",
      description = "Producer batching delay in ms (env BEACON_KAFKA_LINGER_MS, default ${DEFAULT-VALUE}).")
  int lingerMs;

  public KafkaSettings settings(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, partitions, replication, ackTimeout, lingerMs);
  }
}

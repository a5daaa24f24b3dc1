package dev.beacon.server.cli;

import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicNames;
import dev.beacon.runtime.kafka.TopicRetention;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the topics Beacon creates are laid out, and how long a producer waits for Kafka. */
public final class KafkaTopicOptions {

  @Option(
      names = "--partitions",
      defaultValue = "${env:BEACON_KAFKA_PARTITIONS:-6}",
      description =
          "Partitions of each topic Beacon creates (env BEACON_KAFKA_PARTITIONS, default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--replication",
      defaultValue = "${env:BEACON_KAFKA_REPLICATION:-1}",
      description =
          "Replication factor of each topic Beacon creates (env BEACON_KAFKA_REPLICATION, default ${DEFAULT-VALUE}).")
  short replication;

  @Option(
      names = "--ack-timeout",
      defaultValue = "${env:BEACON_ACK_TIMEOUT:-5s}",
      converter = DurationConverter.class,
      description =
          "Longest wait for a Kafka ack before a device gets an error (env BEACON_ACK_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration ackTimeout;

  @Option(
      names = "--linger-ms",
      defaultValue = "${env:BEACON_KAFKA_LINGER_MS:-2}",
      description =
          "Producer batching delay in ms (env BEACON_KAFKA_LINGER_MS, default ${DEFAULT-VALUE}).")
  int lingerMs;

  @Option(
      names = "--gps-retention",
      defaultValue = "${env:BEACON_GPS_RETENTION:-7d}",
      converter = DurationConverter.class,
      description =
          "How long beacon.gps keeps fixes when Beacon creates it; bounds ingestor --rebuild "
              + "(env BEACON_GPS_RETENTION, default ${DEFAULT-VALUE}).")
  Duration gpsRetention;

  @Option(
      names = "--deliveries-retention",
      defaultValue = "${env:BEACON_DELIVERIES_RETENTION:-24h}",
      converter = DurationConverter.class,
      description =
          "How long beacon.deliveries keeps deliveries when Beacon creates it: the window of recovery with since "
              + "(env BEACON_DELIVERIES_RETENTION, default ${DEFAULT-VALUE}).")
  Duration deliveriesRetention;

  @Option(
      names = "--topic-prefix",
      defaultValue = "${env:BEACON_TOPIC_PREFIX:-}",
      description =
          "Prefix of every Beacon topic, for a Kafka cluster shared with other deployments, e.g. acme. "
              + "(env BEACON_TOPIC_PREFIX, default none: beacon.gps, beacon.messages, ...).")
  String topicPrefix;

  public KafkaSettings settings(String bootstrapServers) {
    return KafkaSettings.builder()
        .bootstrap(bootstrapServers)
        .partitions(partitions)
        .replication(replication)
        .ackTimeout(ackTimeout)
        .lingerMs(lingerMs)
        .retention(new TopicRetention(gpsRetention, deliveriesRetention))
        .topics(new TopicNames(topicPrefix == null ? "" : topicPrefix))
        .build();
  }
}

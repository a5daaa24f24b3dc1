package dev.beacon.ingestor;

import dev.beacon.runtime.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stands between {@code ingestor --rebuild} and a store it would empty for good: {@code
 * beacon.gps} keeps only its retention (7 days by default), so a rebuild of an older store loses
 * every fix the topic no longer holds. Before a rebuild this reads the oldest record of each
 * partition and the oldest stored fix; when the store reaches back further than the topic, it
 * refuses unless forced. Either way a rebuild that goes ahead first copies the store to {@code
 * gps.db.before-rebuild-<epoch ms>} beside it. Blocking.
 */
public final class RebuildGuard {

  /**
   * Record timestamps are the producer's clock, {@code received_at} the gateway's: the same
   * machine, but not the same instant.
   */
  static final Duration SLACK = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(RebuildGuard.class);

  private RebuildGuard() {}

  /**
   * Checks and backs up {@code dbFile} before a rebuild from {@code kafka}'s {@code beacon.gps}.
   *
   * @return the backup, or null when the store was empty or missing
   * @throws IllegalStateException when the topic no longer holds the oldest stored fix and {@code
   *     force} is false
   */
  public static Path prepare(Path dbFile, KafkaSettings kafka, boolean force) {
    if (!java.nio.file.Files.exists(dbFile)) {
      return null;
    }
    try (SqliteFixStore store = SqliteFixStore.open(dbFile)) {
      OptionalLong oldestStored = store.oldestReceivedAt();
      if (oldestStored.isEmpty()) {
        return null;
      }
      OptionalLong oldestInTopic = oldestRecordTimestamp(kafka);
      boolean lossy =
          oldestInTopic.isEmpty()
              || oldestInTopic.getAsLong() > oldestStored.getAsLong() + SLACK.toMillis();
      if (lossy && !force) {
        throw new IllegalStateException(
            "--rebuild would lose fixes: the store reaches back to "
                + Instant.ofEpochMilli(oldestStored.getAsLong())
                + " but "
                + kafka.topics().gps()
                + " "
                + (oldestInTopic.isEmpty()
                    ? "is empty"
                    : "starts at " + Instant.ofEpochMilli(oldestInTopic.getAsLong()))
                + " (its retention); keep the store, or add --force to rebuild anyway (a backup of gps.db is kept)");
      }
      Path backup =
          dbFile.resolveSibling(
              dbFile.getFileName() + ".before-rebuild-" + System.currentTimeMillis());
      store.backupTo(backup);
      log.info(
          "rebuild: {} backed up to {}{}",
          dbFile,
          backup,
          lossy ? " (forced: the topic no longer holds the" + " oldest fixes)" : "");
      return backup;
    }
  }

  /**
   * The earliest record timestamp over all partitions of {@code beacon.gps}, empty when it holds
   * nothing.
   */
  static OptionalLong oldestRecordTimestamp(KafkaSettings kafka) {
    Map<String, Object> props = new HashMap<>(kafka.consumer("beacon-rebuild-guard", null));
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    Duration timeout = kafka.ackTimeout().multipliedBy(3);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<PartitionInfo> infos = consumer.partitionsFor(kafka.topics().gps(), timeout);
      OptionalLong oldest = OptionalLong.empty();
      for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
        TopicPartition partition = new TopicPartition(info.topic(), info.partition());
        OptionalLong first = firstTimestamp(consumer, partition, timeout);
        if (first.isPresent() && (oldest.isEmpty() || first.getAsLong() < oldest.getAsLong())) {
          oldest = first;
        }
      }
      return oldest;
    }
  }

  private static OptionalLong firstTimestamp(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, Duration timeout) {
    long begin = consumer.beginningOffsets(List.of(partition), timeout).get(partition);
    long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
    if (begin >= end) {
      return OptionalLong.empty();
    }
    consumer.assign(List.of(partition));
    consumer.seek(partition, begin);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        return OptionalLong.of(record.timestamp());
      }
    }
    throw new IllegalStateException(
        "could not read the first record of "
            + partition
            + " within "
            + timeout.toSeconds()
            + " s; check BEACON_KAFKA_BOOTSTRAP");
  }
}

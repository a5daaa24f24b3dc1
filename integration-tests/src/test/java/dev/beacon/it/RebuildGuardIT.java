package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.ingestor.RebuildGuard;
import dev.beacon.ingestor.SqliteFixStore;
import dev.beacon.it.support.GpsDb;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicProvisioner;
import dev.beacon.runtime.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingestor --rebuild} against a topic whose retention already dropped fixes the store still
 * holds.
 */
@DisplayName("The rebuild guard")
class RebuildGuardIT {

  @TempDir Path dir;

  @Test
  @DisplayName(
      "refuses when beacon.gps starts after the oldest stored fix, rebuilds with --force, and always backs up")
  void refusesLossyRebuild() throws Exception {
    long now = System.currentTimeMillis();
    GpsFix old =
        new GpsFix(
            "dev-1", now / 1000 - 864_000, 44.8, 20.4, now - Duration.ofDays(10).toMillis(), "gw");
    GpsFix recent = new GpsFix("dev-1", now / 1000, 44.9, 20.5, now, "gw");
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")))) {
      KafkaSettings settings =
          KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(2).build();
      TopicProvisioner provisioner = new TopicProvisioner(settings);
      provisioner.ensure(List.of(provisioner.gpsTopic()));
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(settings.producer("rebuild-guard-it"))) {
        producer
            .send(
                new ProducerRecord<>(
                    Topics.GPS,
                    null,
                    recent.receivedAt(),
                    GpsRecordCodec.key(recent),
                    GpsRecordCodec.encode(recent)))
            .get(30, TimeUnit.SECONDS);
      }

      Path covered = dir.resolve("covered/gps.db");
      try (SqliteFixStore store = SqliteFixStore.open(covered)) {
        store.insert(List.of(recent));
      }
      Path backup = RebuildGuard.prepare(covered, settings, false);
      assertThat(backup)
          .as("the topic holds everything the store has: rebuild goes ahead")
          .isNotNull();
      assertThat(GpsDb.rows(backup)).isEqualTo(1);

      Path lossy = dir.resolve("lossy/gps.db");
      try (SqliteFixStore store = SqliteFixStore.open(lossy)) {
        store.insert(List.of(old, recent));
      }
      assertThatThrownBy(() -> RebuildGuard.prepare(lossy, settings, false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("--rebuild would lose fixes")
          .hasMessageContaining("--force");
      Path forced = RebuildGuard.prepare(lossy, settings, true);
      assertThat(GpsDb.rows(forced))
          .as("the backup keeps the fixes the topic no longer has")
          .isEqualTo(2);
      assertThat(RebuildGuard.prepare(dir.resolve("none/gps.db"), settings, false))
          .as("no store, nothing to lose")
          .isNull();
    }
  }
}

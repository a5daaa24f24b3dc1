package dev.beacon.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.GpsDb;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicProvisioner;
import dev.beacon.runtime.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingestor as a real process, killed with SIGKILL while it writes, then restarted. */
class IngestorCrashIT {

  private static final int FIXES = 200_000;
  private static final int DEVICES = 10_000;

  @TempDir Path dir;

  @Test
  @DisplayName("an ingestor killed mid-batch and restarted stores every fix exactly once")
  void killedMidBatch() throws Exception {
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")))) {
      KafkaSettings settings =
          KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build();
      TopicProvisioner provisioner = new TopicProvisioner(settings);
      provisioner.ensure(List.of(provisioner.gpsTopic()));
      produceFixes(settings);

      Path dataDir = dir.resolve("ingestor");
      Path db = dataDir.resolve("gps.db");
      int apiPort = FreePorts.next();
      Map<String, String> env =
          Map.of(
              "BEACON_KAFKA_BOOTSTRAP",
              kafka.bootstrap(),
              "BEACON_DATA_DIR",
              dataDir.toString(),
              "BEACON_INGESTOR_PORT",
              String.valueOf(apiPort),
              "BEACON_INGEST_BATCH_ROWS",
              "2000");
      String firstLog;
      try (BeaconProcess first =
          BeaconProcess.start(dir.resolve("ingestor-1.log"), env, "ingestor")) {
        Await.until(
            "some rows written before the kill",
            Duration.ofSeconds(90),
            () -> GpsDb.rows(db) > 20_000);
        first.kill();
        firstLog = first.output();
      }
      long afterKill = GpsDb.rows(db);
      assertThat(afterKill).as("rows stored when killed").isBetween(20_000L, (long) FIXES);

      try (BeaconProcess second =
          BeaconProcess.start(dir.resolve("ingestor-2.log"), env, "ingestor")) {
        Await.equal(
            "rows after the restart", Duration.ofMinutes(2), (long) FIXES, () -> GpsDb.rows(db));
        assertThat(GpsDb.duplicateKeys(db)).isZero();
        assertThat(second.terminate()).as("exit code on SIGTERM").isIn(0, 143);
        assertThat(second.output()).contains("ingestor closed");
        assertThat(firstLog + second.output())
            .as("the skipped records are logged")
            .contains("malformed");
      }
    }
  }

  /** 200k fixes from 10k interleaved devices, plus three malformed records that must be skipped. */
  private static void produceFixes(KafkaSettings settings) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(settings.producer("crash-test"))) {
      for (int i = 0; i < FIXES; i++) {
        GpsFix fix =
            new GpsFix(
                "d" + (i % DEVICES),
                1_700_000_000_000L + i,
                (i % 180) - 89.5,
                (i % 360) - 179.5,
                0,
                "test");
        producer.send(
            new ProducerRecord<>(Topics.GPS, GpsRecordCodec.key(fix), GpsRecordCodec.encode(fix)));
        if (i == FIXES / 2) {
          producer.send(
              new ProducerRecord<>(Topics.GPS, "bad".getBytes(UTF_8), "not json".getBytes(UTF_8)));
          producer.send(
              new ProducerRecord<>(
                  Topics.GPS, "bad".getBytes(UTF_8), "{\"v\":99}".getBytes(UTF_8)));
          producer.send(new ProducerRecord<>(Topics.GPS, "bad".getBytes(UTF_8), null));
        }
      }
      producer.flush();
    }
  }
}

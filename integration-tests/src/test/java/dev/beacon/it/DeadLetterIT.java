package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.ingestor.Ingestor;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.GpsDb;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaDeadLetters;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicProvisioner;
import dev.beacon.runtime.metrics.BeaconMetrics;
import dev.beacon.server.Blocking;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consume loop's bad-record policy against a real broker: a garbage record is counted (tagged
 * with its topic and task), written to {@code beacon.dlq} with headers saying where it came from
 * and why, and skipped; the loop carries on with the records after it. And the one readiness rule
 * of presence readers: a gateway is ready once its reader has read {@code beacon.presence} up to
 * the end it had at start, bad records included.
 */
class DeadLetterIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final byte[] GARBAGE = "{not a fix".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  @DisplayName(
      "a garbage record on beacon.gps is counted, dead-lettered with its origin, and the ingestor carries on;"
          + " one on beacon.presence likewise, and the gateway is ready once presence is loaded")
  void garbageIsDeadLetteredAndTheLoopCarriesOn() throws Exception {
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")))) {
      KafkaSettings settings =
          KafkaSettings.builder()
              .bootstrap(kafka.bootstrap())
              .partitions(1)
              .ackTimeout(Duration.ofSeconds(3))
              .build();
      new TopicProvisioner(settings).ensureAll();
      GpsFix before = new GpsFix("dlq-1", 1_681_593_747L, 44.8, 20.4, 1_681_593_750L, "gw-it");
      GpsFix after = new GpsFix("dlq-2", 1_681_593_748L, 44.8, 20.4, 1_681_593_751L, "gw-it");
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(settings.producer("dlq-it"))) {
        producer
            .send(
                new ProducerRecord<>(
                    settings.topics().gps(),
                    GpsRecordCodec.key(before),
                    GpsRecordCodec.encode(before)))
            .get(30, TimeUnit.SECONDS);
        producer
            .send(
                new ProducerRecord<>(
                    settings.topics().gps(), "dlq-x".getBytes(StandardCharsets.UTF_8), GARBAGE))
            .get(30, TimeUnit.SECONDS);
        producer
            .send(
                new ProducerRecord<>(
                    settings.topics().gps(),
                    GpsRecordCodec.key(after),
                    GpsRecordCodec.encode(after)))
            .get(30, TimeUnit.SECONDS);
        producer
            .send(
                new ProducerRecord<>(
                    settings.topics().presence(),
                    "client:".getBytes(StandardCharsets.UTF_8),
                    GARBAGE))
            .get(30, TimeUnit.SECONDS);
      }
      double gpsBefore = badRecords(settings.topics().gps(), "ingestor");
      double presenceBefore = badRecords(settings.topics().presence(), "presence reader");

      Vertx vertx = Vertx.vertx();
      try {
        IngestorConfig ingest =
            IngestorConfig.builder()
                .dataDir(dir.resolve("store"))
                .apiPort(0)
                .batchMaxDelay(Duration.ofMillis(50))
                .groupId("dlq-ingestor")
                .build();
        Ingestor ingestor =
            Blocking.await(Ingestor.start(vertx, ingest, settings), "start ingestor");
        KafkaBackend backend = KafkaBackend.of(settings);
        Gateway gateway =
            Blocking.await(
                Gateway.deploy(
                    vertx,
                    GatewayConfig.builder()
                        .port(0)
                        .deviceAuth(DeviceAuthMode.OPEN)
                        .instances(1)
                        .build(),
                    backend,
                    ConnectionListener.NONE),
                "start gateway");

        Await.until(
            "both good fixes stored, the one after the garbage too",
            WAIT,
            () -> GpsDb.rows(ingest.databaseFile()) == 2);
        Await.until(
            "the gateway ready, presence loaded past the garbage",
            WAIT,
            () -> backend.readiness().ready());
        assertThat(badRecords(settings.topics().gps(), "ingestor") - gpsBefore).isEqualTo(1);
        assertThat(badRecords(settings.topics().presence(), "presence reader") - presenceBefore)
            .isEqualTo(1);

        List<ConsumerRecord<byte[], byte[]>> letters = deadLetters(settings, 2);
        Map<String, Map<String, String>> byTopic = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
          assertThat(letter.value()).isEqualTo(GARBAGE);
          Map<String, String> headers = new HashMap<>();
          for (Header header : letter.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
          }
          byTopic.put(headers.get(KafkaDeadLetters.TOPIC), headers);
        }
        assertThat(byTopic.get("beacon.gps"))
            .containsEntry(KafkaDeadLetters.PARTITION, "0")
            .containsEntry(KafkaDeadLetters.OFFSET, "1")
            .containsEntry(KafkaDeadLetters.TASK, "ingestor")
            .containsKey(KafkaDeadLetters.REASON);
        assertThat(byTopic.get("beacon.presence"))
            .containsEntry(KafkaDeadLetters.OFFSET, "0")
            .containsEntry(KafkaDeadLetters.TASK, "presence reader");
        assertThat(byTopic.get("beacon.gps").get(KafkaDeadLetters.REASON)).isNotBlank();

        Blocking.awaitQuietly(gateway.close(), "stop gateway");
        Blocking.awaitQuietly(ingestor.close(), "stop ingestor");
      } finally {
        Blocking.awaitQuietly(vertx.close(), "stop vertx");
      }
    }
  }

  private static double badRecords(String topic, String task) {
    Counter counter =
        BeaconMetrics.registry()
            .find("beacon_consumer_bad_records")
            .tag("topic", topic)
            .tag("task", task)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  /** The first {@code count} records of {@code beacon.dlq}, read from its beginning. */
  private static List<ConsumerRecord<byte[], byte[]>> deadLetters(
      KafkaSettings settings, int count) {
    List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(settings.readerConsumer("dlq-it-reader"))) {
      TopicPartition partition = new TopicPartition(settings.topics().deadLetters(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      Await.until(
          count + " dead letters",
          WAIT,
          () -> {
            consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
            return letters.size() >= count;
          });
    }
    return letters;
  }
}

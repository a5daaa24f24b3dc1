package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.runtime.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fix whose key is already stored with other coordinates is recorded, counted and listed; a
 * replay is not.
 */
class FixConflictTest {

  static final TopicPartition P3 = new TopicPartition(Topics.GPS, 3);
  static final long TS = 1_681_593_747_000L;

  @TempDir Path dir;
  SqliteFixStore store;
  MockConsumer<byte[], byte[]> consumer;
  IngestorStats stats;

  @BeforeEach
  void setUp() {
    store = SqliteFixStore.open(dir.resolve("gps.db"));
    consumer = new MockConsumer<>("earliest");
    consumer.updateBeginningOffsets(Map.of(P3, 0L));
    stats = new IngestorStats();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  GpsIngestor ingestor() {
    IngestorConfig config =
        IngestorConfig.defaults(dir).toBuilder()
            .batchMaxRows(100)
            .batchMaxDelay(Duration.ofNanos(1))
            .build();
    GpsIngestor ingestor = new GpsIngestor(consumer, config, store, stats, Duration.ofMillis(1));
    ingestor.loop().start();
    consumer.rebalance(List.of(P3));
    return ingestor;
  }

  void send(long offset, GpsFix fix) {
    consumer.addRecord(
        new ConsumerRecord<>(
            Topics.GPS,
            3,
            offset,
            fix.deviceId().getBytes(StandardCharsets.UTF_8),
            GpsRecordCodec.encode(fix)));
  }

  /**
   * The Prometheus series as this test's ingestor reports it (a registry of its own: other tests
   * share the global one).
   */
  double conflictsMetric() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (IngestorMetrics metrics = new IngestorMetrics(registry, consumer, stats)) {
      return registry.get("beacon_ingestor_conflicts_total").functionCounter().count();
    }
  }

  @Test
  @DisplayName(
      "a colliding fix read from Kafka is listed with its record and counted; the stored fix is kept")
  void collidingFixFromKafka() {
    GpsIngestor ingestor = ingestor();
    send(0, new GpsFix("32", TS, 44.81, 20.46, TS + 5, "gw-a"));
    ingestor.loop().pollOnce();
    send(1, new GpsFix("32", TS, 45.00, 21.00, TS + 9, "gw-b"));
    ingestor.loop().pollOnce();

    assertThat(store.positions("32", 0, Long.MAX_VALUE, 10))
        .singleElement()
        .satisfies(kept -> assertThat(kept.lat()).isEqualTo(44.81));
    assertThat(store.conflicts(null, 0, 10))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.deviceId()).isEqualTo("32");
              assertThat(c.deviceTs()).isEqualTo(TS);
              assertThat(c.storedLat()).isEqualTo(44.81);
              assertThat(c.storedLon()).isEqualTo(20.46);
              assertThat(c.refusedLat()).isEqualTo(45.00);
              assertThat(c.refusedLon()).isEqualTo(21.00);
              assertThat(c.gateway()).isEqualTo("gw-b");
              assertThat(c.receivedAt()).isEqualTo(TS + 9);
              assertThat(c.topic()).isEqualTo(Topics.GPS);
              assertThat(c.partition()).isEqualTo(3);
              assertThat(c.offset()).isEqualTo(1);
            });
    assertThat(stats.conflicts()).isEqualTo(1);
    assertThat(stats.duplicatesIgnored()).isZero();
    assertThat(conflictsMetric()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "an exact replay stays a silent duplicate, and a replayed conflict adds no second row")
  void replaysAreNotConflicts() {
    GpsIngestor ingestor = ingestor();
    send(0, new GpsFix("32", TS, 44.81, 20.46, TS, "gw-a"));
    send(1, new GpsFix("32", TS, 44.81, 20.46, TS + 1, "gw-a"));
    send(2, new GpsFix("32", TS, 1.0, 2.0, TS, "gw-x"));
    ingestor.loop().pollOnce();
    send(3, new GpsFix("32", TS, 44.81, 20.46, TS + 2, "gw-a"));
    send(4, new GpsFix("32", TS, 1.0, 2.0, TS + 3, "gw-x"));
    ingestor.loop().pollOnce();

    assertThat(store.conflicts(null, 0, 10))
        .singleElement()
        .satisfies(c -> assertThat(c.offset()).as("the first record of the conflict").isEqualTo(2));
    assertThat(stats.conflicts()).isEqualTo(1);
    assertThat(stats.duplicatesIgnored()).isEqualTo(3);
    assertThat(stats.rowsInserted()).isEqualTo(1);
  }

  @Test
  @DisplayName("conflicts are listed per device, in the order found, in pages after an id")
  void listedPerDeviceInPages() {
    store.insert(List.of(fix("a", 1, 1), fix("b", 1, 1), fix("a", 2, 1)));
    store.insert(List.of(fix("a", 1, 2), fix("b", 1, 2), fix("a", 2, 2), fix("a", 3, 2)));

    List<FixConflict> ofA = store.conflicts("a", 0, 10);
    assertThat(ofA).extracting(FixConflict::deviceTs).containsExactly(1L, 2L);
    assertThat(store.conflicts("a", ofA.get(0).id(), 10))
        .extracting(FixConflict::deviceTs)
        .containsExactly(2L);
    assertThat(store.conflicts(null, 0, 10)).hasSize(3);
    assertThat(store.conflicts("c", 0, 10)).isEmpty();
  }

  @Test
  @DisplayName(
      "a rebuild's clear empties the conflicts with the fixes, since re-reading the topic finds them again")
  void clearEmptiesConflicts() {
    store.insert(List.of(fix("a", 1, 1)));
    store.insert(List.of(fix("a", 1, 2)));
    store.clear();
    assertThat(store.conflicts(null, 0, 10)).isEmpty();
  }

  static GpsFix fix(String device, long ts, double lat) {
    return new GpsFix(device, ts, lat, lat, ts, "gw");
  }
}

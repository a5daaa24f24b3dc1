package dev.beacon.broadcaster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.DeadLetters;
import dev.beacon.runtime.kafka.RetryBackoff;
import dev.beacon.runtime.kafka.TopicNames;
import dev.beacon.runtime.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GpsRelayTest {

  private static final long NOW = 1_763_762_345_123L;
  private static final TopicPartition P0 = new TopicPartition(Topics.GPS, 0);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("latest");
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final BroadcasterStats stats = new BroadcasterStats();
  private final PresenceView presence = new PresenceView();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConsumeLoop relay =
      new ConsumeLoop(
          consumer,
          new GpsRelay(
              producer, presence, stats, () -> NOW, "beacon-broadcaster-gps", TopicNames.DEFAULT),
          GpsRelay.SETTINGS,
          new RetryBackoff(),
          DeadLetters.NONE,
          registry);

  @BeforeEach
  void started() {
    presence.apply(new PresenceRecord.GatewayAlive("gw-a", NOW));
    relay.start();
    consumer.rebalance(List.of(P0));
    consumer.updateEndOffsets(Map.of(P0, 0L));
    consumer.seek(P0, 0);
    assertThat(relay.ready()).isCompleted();
  }

  private void follow(String clientId, String... rooms) {
    presence.apply(
        new PresenceRecord.ClientPresent(
            clientId, "gw-a", "127.0.0.1", NOW - 1000, List.of(rooms)));
  }

  private void add(long offset, String device, double lat, double lon) {
    GpsFix fix = new GpsFix(device, NOW - 50, lat, lon, NOW - 10, "gw-a");
    add(offset, GpsRecordCodec.key(fix), GpsRecordCodec.encode(fix));
  }

  private void add(long offset, byte[] key, byte[] value) {
    consumer.addRecord(new ConsumerRecord<>(Topics.GPS, 0, offset, key, value));
  }

  private List<DeliveryRecord> deliveries() {
    return producer.history().stream()
        .map(ProducerRecord::value)
        .map(DeliveryRecordCodec::decode)
        .toList();
  }

  private OffsetAndMetadata committed() {
    return consumer.committed(java.util.Set.of(P0)).get(P0);
  }

  @Test
  @DisplayName(
      "a followed device's fix goes to its gps:<deviceId> room as a gps message without pos")
  void followedDeviceRelayed() {
    follow("c-1", "gps:dev-1");
    add(0, "dev-1", 44.8159745, 20.4601243);

    relay.pollOnce();

    assertThat(producer.history())
        .extracting(ProducerRecord::topic)
        .containsExactly(Topics.DELIVERIES);
    assertThat(new String(producer.history().get(0).key(), StandardCharsets.UTF_8))
        .isEqualTo("gps:dev-1");
    DeliveryRecord delivery = deliveries().get(0);
    assertThat(delivery.target()).isEqualTo(DeliveryRecord.Target.ROOM);
    assertThat(delivery.room()).isEqualTo("gps:dev-1");
    assertThat(delivery.messageId()).isEqualTo("gps-0-0");
    JsonObject payload = new JsonObject(delivery.payload());
    assertThat(payload.getString("type")).isEqualTo("gps");
    assertThat(payload.getString("device_id")).isEqualTo("dev-1");
    assertThat(payload.getDouble("lat")).isEqualTo(44.8159745);
    assertThat(payload.getDouble("lon")).isEqualTo(20.4601243);
    assertThat(payload.getString("room")).isEqualTo("gps:dev-1");
    assertThat(payload.containsKey("pos")).isFalse();
    assertThat(committed()).isEqualTo(new OffsetAndMetadata(1));
    assertThat(stats.gpsFixesRelayed()).isEqualTo(1);
    assertThat(stats.gpsDeliveries()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a gps:* follower gets every device, and a device followed both ways goes to both rooms")
  void allFollowerGetsEverything() {
    follow("c-all", "gps:*");
    follow("c-1", "lobby", "gps:dev-1");
    add(0, "dev-1", 1.5, 2.5);
    add(1, "dev-2", 3.5, 4.5);

    relay.pollOnce();

    assertThat(deliveries())
        .extracting(DeliveryRecord::room)
        .containsExactly("gps:dev-1", "gps:*", "gps:*");
    assertThat(deliveries())
        .extracting(d -> new JsonObject(d.payload()).getString("device_id"))
        .containsExactly("dev-1", "dev-1", "dev-2");
    assertThat(new JsonObject(deliveries().get(1).payload()).getString("room")).isEqualTo("gps:*");
    assertThat(committed()).isEqualTo(new OffsetAndMetadata(2));
    assertThat(stats.gpsFixesRead()).isEqualTo(2);
    assertThat(stats.gpsFixesRelayed()).isEqualTo(2);
    assertThat(stats.gpsDeliveries()).isEqualTo(3);
  }

  @Test
  @DisplayName("fixes nobody follows produce nothing, but their offsets are committed")
  void unfollowedProduceNothing() {
    follow("c-1", "gps:dev-9", "lobby");
    follow("gone", "gps:dev-1");
    presence.apply(new PresenceRecord.ClientLeft("gone"));
    add(0, "dev-1", 1, 1);
    add(1, "dev-2", 2, 2);

    relay.pollOnce();

    assertThat(producer.history()).isEmpty();
    assertThat(committed()).isEqualTo(new OffsetAndMetadata(2));
    assertThat(stats.gpsFixesRead()).isEqualTo(2);
    assertThat(stats.gpsFixesRelayed()).isZero();
  }

  @Test
  @DisplayName("a follower on a dead gateway does not count")
  void staleFollowerIgnored() {
    presence.apply(
        new PresenceRecord.ClientPresent(
            "c-1", "gw-dead", "127.0.0.1", NOW - 600_000, List.of("gps:*")));
    presence.apply(new PresenceRecord.GatewayAlive("gw-dead", NOW - 600_000));
    add(0, "dev-1", 1, 1);

    relay.pollOnce();

    assertThat(producer.history()).isEmpty();
  }

  @Test
  @DisplayName(
      "malformed records take the loop's bad-record policy; the fixes around them still go through")
  void malformedSkipped() {
    follow("c-all", "gps:*");
    add(0, "x".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
    add(1, "dev-1", 1, 1);
    add(2, null, null);
    add(
        3,
        "x".getBytes(StandardCharsets.UTF_8),
        "{\"v\":3,\"device_id\":\"d\",\"ts\":1,\"lat\":1,\"lon\":1}"
            .getBytes(StandardCharsets.UTF_8));
    add(4, "bad id", 1, 1);

    relay.pollOnce();

    assertThat(deliveries()).extracting(DeliveryRecord::messageId).containsExactly("gps-0-1");
    assertThat(
            registry
                .counter("beacon_consumer_bad_records", "topic", Topics.GPS, "task", "GPS relay")
                .count())
        .isEqualTo(4);
    assertThat(committed()).isEqualTo(new OffsetAndMetadata(5));
  }

  @Test
  @DisplayName(
      "a failed send commits nothing and re-reads the poll, so the fix is relayed again (at-least-once)")
  void failedSendRereads() {
    follow("c-1", "gps:dev-1");
    add(0, "dev-1", 1, 1);
    producer.sendException = new KafkaException("broker went away");

    relay.pollOnce();

    assertThat(committed()).isNull();
    assertThat(consumer.position(P0)).as("rewound to the poll's first offset").isZero();
    assertThat(stats.gpsDeliveries()).isZero();

    producer.sendException = null;
    add(
        0, "dev-1", 1,
        1); // MockConsumer forgets polled records; a real one re-fetches after the seek
    relay.pollOnce();

    assertThat(deliveries()).extracting(DeliveryRecord::messageId).containsExactly("gps-0-0");
    assertThat(committed()).isEqualTo(new OffsetAndMetadata(1));
  }
}

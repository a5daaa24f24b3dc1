package dev.beacon.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.common.protocol.ServerMessages;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.TestClient;
import dev.beacon.gateway.backend.Recovery;
import dev.beacon.runtime.kafka.DeliverySource;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class KafkaRecoveryTest {

  private static final String EPOCH = "q2vKd7Lw";
  private static final TopicPartition P1 = new TopicPartition(Topics.DELIVERIES, 1);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");

  @BeforeEach
  void partitionWithHistory() {
    consumer.updatePartitions(
        Topics.DELIVERIES,
        List.of(
            new PartitionInfo(Topics.DELIVERIES, 0, null, null, null),
            new PartitionInfo(Topics.DELIVERIES, 1, null, null, null)));
    consumer.updateBeginningOffsets(Map.of(P1, 3L));
    consumer.updateEndOffsets(Map.of(P1, 10L));
    consumer.schedulePollTask(
        () -> {
          for (long offset = 3; offset < 10; offset++) {
            String room = offset % 2 == 0 ? "ops" : "lobby";
            DeliveryRecord delivery =
                DeliveryRecord.toRoom(
                    room,
                    "m" + offset,
                    ServerMessages.chat("ana", "n" + offset, room, "c-1", offset));
            consumer.addRecord(
                new ConsumerRecord<>(
                    Topics.DELIVERIES, 1, offset, null, DeliveryRecordCodec.encode(delivery)));
          }
        });
  }

  private static StreamPosition at(long offset) {
    return new StreamPosition(EPOCH, 1, offset);
  }

  @Test
  @DisplayName(
      "the room's deliveries after since and before the end are replayed with their positions")
  void replaysTheRoom() {
    Recovery.Replay replay =
        KafkaRecovery.scan(consumer, Topics.DELIVERIES, "ops", at(4), Long.MAX_VALUE, TIMEOUT);
    assertThat(replay.recovered()).isTrue();
    assertThat(replay.missed()).extracting(Recovery.Missed::pos).containsExactly(at(6), at(8));
    assertThat(replay.missed().get(0).delivery().payload()).contains("\"n6\"");
  }

  @Test
  @DisplayName("the replay stops where the client's live deliveries began")
  void stopsBeforeLive() {
    Recovery.Replay replay =
        KafkaRecovery.scan(consumer, Topics.DELIVERIES, "ops", at(3), 8, TIMEOUT);
    assertThat(replay.missed()).extracting(Recovery.Missed::pos).containsExactly(at(4), at(6));
  }

  @Test
  @DisplayName("a position below the log start, or past the end, is not recovered")
  void lostPositions() {
    assertThat(
            KafkaRecovery.scan(consumer, Topics.DELIVERIES, "ops", at(1), Long.MAX_VALUE, TIMEOUT)
                .recovered())
        .isFalse();
    assertThat(
            KafkaRecovery.scan(consumer, Topics.DELIVERIES, "ops", at(10), Long.MAX_VALUE, TIMEOUT)
                .recovered())
        .isFalse();
    assertThat(
            KafkaRecovery.scan(consumer, Topics.DELIVERIES, "ops", at(9), Long.MAX_VALUE, TIMEOUT))
        .isEqualTo(new Recovery.Replay(true, List.of()));
  }

  @Test
  @DisplayName(
      "a position of another epoch (topic recreated) is not recovered, without reading Kafka")
  void otherEpoch(Vertx vertx) {
    KafkaRecovery recovery =
        new KafkaRecovery(vertx, KafkaSettings.defaults("127.0.0.1:1"), "test", EPOCH);
    Recovery.Replay replay =
        TestClient.await(recovery.replay("ops", new StreamPosition("OtherEpo", 1, 4), 99));
    assertThat(replay.recovered()).isFalse();
  }

  @Test
  @DisplayName(
      "copies left by an aborted transaction are replayed once: the record at since tells what the client has")
  void replaysAbortedCopiesOnce() {
    MockConsumer<byte[], byte[]> log = new MockConsumer<>("earliest");
    TopicPartition p0 = new TopicPartition(Topics.DELIVERIES, 0);
    log.updatePartitions(
        Topics.DELIVERIES, List.of(new PartitionInfo(Topics.DELIVERIES, 0, null, null, null)));
    log.updateBeginningOffsets(Map.of(p0, 0L));
    log.updateEndOffsets(Map.of(p0, 7L));
    // Offsets 0-2 route messages 20-22 in a transaction that aborted; 3-5 route them again; 6
    // routes message 23.
    long[] sources = {20, 21, 22, 20, 21, 22, 23};
    log.schedulePollTask(
        () -> {
          for (int offset = 0; offset < sources.length; offset++) {
            DeliveryRecord delivery =
                DeliveryRecord.toRoom(
                    "ops",
                    "m" + sources[offset],
                    ServerMessages.chat("ana", "n" + sources[offset], "ops", "c-1", offset));
            ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>(
                    Topics.DELIVERIES, 0, offset, null, DeliveryRecordCodec.encode(delivery));
            new DeliverySource(DeliverySource.SourceTopic.MESSAGES, 4, sources[offset], 0)
                .writeTo(record.headers());
            log.addRecord(record);
          }
        });

    // The client saw the aborted copy of message 21 last (offset 1): it misses 22 and 23, each
    // once.
    Recovery.Replay replay =
        KafkaRecovery.scan(
            log,
            Topics.DELIVERIES,
            "ops",
            new StreamPosition(EPOCH, 0, 1),
            Long.MAX_VALUE,
            TIMEOUT);

    assertThat(replay.missed())
        .extracting(m -> m.delivery().messageId())
        .containsExactly("m22", "m23");
  }
}

package dev.beacon.gateway.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.common.protocol.ServerMessages;
import dev.beacon.gateway.messaging.DeliveryFanOut;
import dev.beacon.gateway.messaging.DeliveryProbe;
import dev.beacon.runtime.kafka.DeadLetters;
import dev.beacon.runtime.kafka.DeliverySource;
import dev.beacon.runtime.kafka.Topics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeliveryFeedTest {

  private static final TopicPartition P0 = new TopicPartition(Topics.DELIVERIES, 0);
  private static final TopicPartition P1 = new TopicPartition(Topics.DELIVERIES, 1);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("latest");
  private final DeliveryFanOut fanOut = new DeliveryFanOut();
  private DeliveryFeed feed;

  @BeforeEach
  void assign() {
    consumer.updatePartitions(
        Topics.DELIVERIES,
        List.of(
            new PartitionInfo(Topics.DELIVERIES, 0, null, null, null),
            new PartitionInfo(Topics.DELIVERIES, 1, null, null, null)));
    consumer.updateEndOffsets(Map.of(P0, 10L, P1, 3L));
    feed =
        new DeliveryFeed(
            consumer,
            Topics.DELIVERIES,
            Duration.ofSeconds(1),
            "q2vKd7Lw",
            fanOut,
            DeadLetters.NONE);
    feed.loop().start();
  }

  private static ConsumerRecord<byte[], byte[]> record(
      TopicPartition tp, long offset, DeliveryRecord delivery) {
    return new ConsumerRecord<>(
        tp.topic(),
        tp.partition(),
        offset,
        delivery.key().getBytes(StandardCharsets.UTF_8),
        DeliveryRecordCodec.encode(delivery));
  }

  @Test
  @DisplayName("every partition is assigned from its end, without a group; ready at once")
  void assignedFromTheEnd() {
    assertThat(feed.loop().ready()).isCompleted();
    assertThat(consumer.assignment()).containsExactlyInAnyOrder(P0, P1);
    assertThat(consumer.position(P0)).isEqualTo(10L);
    assertThat(consumer.position(P1)).isEqualTo(3L);
  }

  @Test
  @DisplayName(
      "each record reaches every registered event loop with its position; a malformed one is skipped")
  void recordsFanOutWithTheirPosition() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Context context = vertx.getOrCreateContext();
      BlockingQueue<String> texts = DeliveryProbe.register(context, fanOut);
      DeliveryRecord chat =
          DeliveryRecord.toRoom(
              "lobby", "m1", ServerMessages.chat("ana", "hi", "lobby", "c-1", 1L));
      consumer.addRecord(
          new ConsumerRecord<>(Topics.DELIVERIES, 0, 10L, null, "not json".getBytes(UTF_8)));
      consumer.addRecord(record(P0, 11L, chat));
      feed.loop().pollOnce();
      String frame = texts.poll(5, TimeUnit.SECONDS);
      assertThat(frame).endsWith(",\"pos\":\"q2vKd7Lw-0-11\"}");
      assertThat(texts).isEmpty();
      assertThat(fanOut.dispatched()).isEqualTo(1);
    } finally {
      vertx.close();
    }
  }

  @Test
  @DisplayName(
      "a delivery routed again after an aborted transaction is dropped: the feed hands out each source once")
  void dropsRepeatsBySource() {
    DeliveryRecord first =
        DeliveryRecord.toRoom("lobby", "m1", ServerMessages.chat("ana", "one", "lobby", "c-1", 1L));
    DeliveryRecord second =
        DeliveryRecord.toRoom("lobby", "m2", ServerMessages.chat("ana", "two", "lobby", "c-1", 2L));
    // 10-11 from a transaction that aborted, 12-13 the same messages routed again, 14 the next
    // message.
    long[] sources = {40, 41, 40, 41, 42};
    for (int i = 0; i < sources.length; i++) {
      ConsumerRecord<byte[], byte[]> record = record(P0, 10 + i, i % 2 == 0 ? first : second);
      new DeliverySource(DeliverySource.SourceTopic.MESSAGES, 2, sources[i], 0)
          .writeTo(record.headers());
      consumer.addRecord(record);
    }

    feed.loop().pollOnce();

    assertThat(fanOut.dispatched()).isEqualTo(3);
  }
}

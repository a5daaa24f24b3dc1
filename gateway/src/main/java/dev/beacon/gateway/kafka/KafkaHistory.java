package dev.beacon.gateway.kafka;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.ChannelHistory;
import dev.beacon.gateway.backend.Recovery;
import dev.beacon.runtime.kafka.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * A room's history from {@code beacon.deliveries}, where the broadcaster keys a room's deliveries
 * by the room, so that all of them are in one partition: a short-lived consumer on a worker (the
 * caller holds one of the gateway's {@code RecoveryReaders} for it) reads that partition backwards
 * in chunks of {@value #CHUNK} records, from its end down to the first offset younger than the
 * namespace's time-to-live (or the log's start), until it has found {@code historySize} of the
 * room's messages. It reads committed records only, so an aborted re-routing leaves no copies.
 */
public final class KafkaHistory implements ChannelHistory {

  /** Records read per step backwards. */
  static final int CHUNK = 500;

  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  private final Vertx vertx;
  private final KafkaSettings kafka;
  private final String clientId;
  private final String epoch;
  private final AtomicInteger readers = new AtomicInteger();

  public KafkaHistory(Vertx vertx, KafkaSettings kafka, String clientId, String epoch) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.clientId = clientId;
    this.epoch = epoch;
  }

  @Override
  public Future<Page> read(Query query) {
    if (query.since() != null && !query.since().epoch().equals(epoch)) {
      return Future.succeededFuture(Page.lostPosition());
    }
    return vertx.executeBlocking(
        () -> {
          Map<String, Object> settings =
              kafka.readerConsumer(clientId + "-" + readers.incrementAndGet());
          settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
          settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, CHUNK);
          try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
            return read(
                consumer,
                kafka.topics().deliveries(),
                epoch,
                query,
                System.currentTimeMillis(),
                kafka.ackTimeout().multipliedBy(2));
          }
        },
        false);
  }

  /** Reads the room's window backwards, then cuts the page. */
  static Page read(
      Consumer<byte[], byte[]> consumer,
      String topic,
      String epoch,
      Query query,
      long nowMillis,
      Duration timeout)
      throws TimeoutException {
    int partitions = consumer.partitionsFor(topic, timeout).size();
    // The broadcaster keys a room's deliveries by the room: Kafka's default partitioner's choice.
    int partition =
        Utils.toPositive(Utils.murmur2(query.room().getBytes(StandardCharsets.UTF_8))) % partitions;
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    long start = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
    long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
    long lower = start;
    if (!query.ttl().isZero()) {
      OffsetAndTimestamp young =
          consumer.offsetsForTimes(Map.of(tp, nowMillis - query.ttl().toMillis()), timeout).get(tp);
      lower = Math.max(start, young == null ? end : young.offset());
    }
    List<Recovery.Missed> newestFirst = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    long hi = end;
    while (hi > lower && newestFirst.size() < query.size()) {
      long lo = Math.max(lower, hi - CHUNK);
      List<Recovery.Missed> chunk = readChunk(consumer, tp, epoch, query.room(), lo, hi, deadline);
      for (int i = chunk.size() - 1; i >= 0 && newestFirst.size() < query.size(); i--) {
        newestFirst.add(chunk.get(i));
      }
      hi = lo;
    }
    Collections.reverse(newestFirst);
    boolean cut = newestFirst.size() == query.size();
    StreamPosition floor =
        cut
            ? newestFirst.get(0).pos()
            : new StreamPosition(epoch, tp.partition(), Math.max(0, lower - 1));
    return Page.of(newestFirst, floor, query);
  }

  /** The room's messages in {@code [lo, hi)}, oldest first. */
  private static List<Recovery.Missed> readChunk(
      Consumer<byte[], byte[]> consumer,
      TopicPartition tp,
      String epoch,
      String room,
      long lo,
      long hi,
      long deadline)
      throws TimeoutException {
    consumer.seek(tp, lo);
    List<Recovery.Missed> found = new ArrayList<>();
    // Read committed: the position can stop short of hi at an open transaction, or skip past
    // markers.
    while (consumer.position(tp) < hi) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException(
            "history of room " + room + " did not reach offset " + hi + " in time");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
        if (record.offset() >= hi) {
          break;
        }
        DeliveryRecord delivery = decode(record);
        if (delivery != null
            && delivery.target() == DeliveryRecord.Target.ROOM
            && room.equals(delivery.room())) {
          found.add(
              new Recovery.Missed(
                  delivery, new StreamPosition(epoch, tp.partition(), record.offset())));
        }
      }
    }
    return found;
  }

  private static DeliveryRecord decode(ConsumerRecord<byte[], byte[]> record) {
    try {
      return DeliveryRecordCodec.decode(record.value());
    } catch (RuntimeException e) {
      return null;
    }
  }
}

package dev.beacon.gateway.kafka;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.Recovery;
import dev.beacon.runtime.kafka.DeliverySource;
import dev.beacon.runtime.kafka.DuplicateFilter;
import dev.beacon.runtime.kafka.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers a room from {@code beacon.deliveries}: a short-lived consumer on a worker, assigned the
 * position's partition and seeked to {@code offset + 1}, reads up to the partition's end at that
 * moment (or where the client's live deliveries began), keeping the room's deliveries. It reads
 * uncommitted records, as the live feed does, and drops the copies of a re-routing the same way
 * ({@link DuplicateFilter}, seeded with the record the client saw last), so that replay and live
 * agree on every position. Lost, and so {@code recovered: false}: a position of another epoch
 * (topic recreated), below the log start (retention), beyond the end, or with more than {@value
 * #MAX_MISSED} messages missed.
 */
public final class KafkaRecovery implements Recovery {

  /**
   * The most messages one subscribe replays; beyond, the client must reload the room another way.
   */
  public static final int MAX_MISSED = 1000;

  private static final Logger log = LoggerFactory.getLogger(KafkaRecovery.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  private final Vertx vertx;
  private final KafkaSettings kafka;
  private final String clientId;
  private final String epoch;
  private final AtomicInteger readers = new AtomicInteger();

  public KafkaRecovery(Vertx vertx, KafkaSettings kafka, String clientId, String epoch) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.clientId = clientId;
    this.epoch = epoch;
  }

  @Override
  public Future<Replay> replay(String room, StreamPosition since, long before) {
    if (!since.epoch().equals(epoch)) {
      return Future.succeededFuture(Replay.lost());
    }
    return vertx.executeBlocking(
        () -> {
          String id = clientId + "-" + readers.incrementAndGet();
          try (KafkaConsumer<byte[], byte[]> consumer =
              new KafkaConsumer<>(TopicReader.uncommittedSettings(kafka, id))) {
            return scan(
                consumer,
                kafka.topics().deliveries(),
                room,
                since,
                before,
                kafka.ackTimeout().multipliedBy(2));
          }
        },
        false);
  }

  /**
   * Reads {@code (since, min(end, before))} of the position's partition, keeping {@code room}'s
   * deliveries.
   */
  static Replay scan(
      Consumer<byte[], byte[]> consumer,
      String topic,
      String room,
      StreamPosition since,
      long before,
      Duration timeout) {
    TopicPartition tp = new TopicPartition(topic, since.partition());
    if (consumer.partitionsFor(topic, timeout).size() <= since.partition()) {
      return Replay.lost();
    }
    consumer.assign(List.of(tp));
    long start = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
    long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
    long from = since.offset() + 1;
    if (from < start || from > end) {
      return Replay.lost();
    }
    long until = Math.min(end, before);
    List<Missed> missed = new ArrayList<>();
    DuplicateFilter duplicates = new DuplicateFilter();
    // The record at since is read too, not replayed: the client has it, and so everything routed
    // before it.
    consumer.seek(tp, since.offset() >= start ? since.offset() : from);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.position(tp, timeout) < until) {
      if (System.nanoTime() - deadline > 0) {
        log.warn("recovery of room {} from {} did not reach offset {} in time", room, since, until);
        return Replay.lost();
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
        DeliverySource source = DeliverySource.readFrom(record.headers());
        if (record.offset() == since.offset()) {
          duplicates.seed(tp.partition(), source);
          continue;
        }
        if (record.offset() < until
            && duplicates.firstTime(tp.partition(), source)
            && isFor(room, record)) {
          missed.add(
              new Missed(
                  DeliveryRecordCodec.decode(record.value()),
                  new StreamPosition(since.epoch(), since.partition(), record.offset())));
          if (missed.size() > MAX_MISSED) {
            return Replay.lost();
          }
        }
      }
    }
    return new Replay(true, missed);
  }

  private static boolean isFor(String room, ConsumerRecord<byte[], byte[]> record) {
    try {
      DeliveryRecord delivery = DeliveryRecordCodec.decode(record.value());
      return delivery.target() == DeliveryRecord.Target.ROOM && room.equals(delivery.room());
    } catch (RuntimeException e) {
      return false;
    }
  }
}

package dev.beacon.gateway.kafka;

import dev.beacon.gateway.backend.DeliveryTiming;
import dev.beacon.gateway.backend.DeliveryHandler;
import org.apache.kafka.common.header.Headers;
import dev.beacon.runtime.timing.TimingHeaders;
import dev.beacon.runtime.timing.HopClock;
import dev.beacon.runtime.timing.Hop;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.runtime.kafka.DeliverySource;
import dev.beacon.runtime.kafka.DuplicateFilter;
import dev.beacon.common.protocol.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one reader of {@code beacon.deliveries}: every partition, from the end, each record as soon as the
 * broker has it (read_uncommitted: the broadcaster's commit is not waited for). A delivery routed twice, after an
 * aborted transaction, is dropped by its {@link DeliverySource}; every other is decoded once, given its position
 * ({@code <epoch>-<partition>-<offset>}) and handed to every event loop through the {@link DeliveryHandler}.
 */
public final class DeliveryFeed {

  private static final Logger log = LoggerFactory.getLogger(DeliveryFeed.class);

  private final String epoch;
  private final DeliveryHandler fanOut;
  private final TopicReader reader;
  private final DuplicateFilter duplicates = new DuplicateFilter();

  DeliveryFeed(Consumer<byte[], byte[]> consumer, String topic, String epoch, DeliveryHandler fanOut) {
    this.epoch = epoch;
    this.fanOut = fanOut;
    this.reader = new TopicReader(consumer, topic, this::deliver);
  }

  /** Reads the topic's epoch, positions the consumer at the end and starts its thread (on a worker). */
  public static Future<DeliveryFeed> start(Vertx vertx, KafkaSettings kafka, String clientId, DeliveryHandler fanOut) {
    return vertx.executeBlocking(() -> {
      String epoch = epochOf(kafka, clientId + "-admin");
      DeliveryFeed feed = new DeliveryFeed(new KafkaConsumer<>(TopicReader.uncommittedSettings(kafka, clientId)),
          kafka.topics().deliveries(), epoch, fanOut);
      feed.reader.assignAll(TopicReader.From.END, kafka.ackTimeout());
      feed.reader.start("beacon-deliveries");
      log.info("delivery feed started on {} (epoch {})", kafka.topics().deliveries(), epoch);
      return feed;
    });
  }

  /** The epoch of {@code beacon.deliveries}: the start of its topic id, new when the topic is recreated. */
  static String epochOf(KafkaSettings kafka, String clientId) throws Exception {
    long deadline = System.nanoTime() + kafka.ackTimeout().toNanos() * 3;
    String topic = kafka.topics().deliveries();
    try (Admin admin = Admin.create(kafka.admin(clientId))) {
      while (true) {
        try {
          return StreamPosition.epochOf(admin.describeTopics(List.of(topic)).allTopicNames()
              .get(kafka.ackTimeout().toMillis(), TimeUnit.MILLISECONDS).get(topic).topicId().toString());
        } catch (ExecutionException e) {
          // Just created: the topic may not be known to the broker answering yet.
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("cannot read the id of " + topic + ": " + e.getCause(), e);
          }
          Thread.sleep(100);
        }
      }
    }
  }

  String epoch() {
    return epoch;
  }

  void assignAll(TopicReader.From from, java.time.Duration timeout) {
    reader.assignAll(from, timeout);
  }

  void pollOnce(java.time.Duration timeout) {
    reader.pollOnce(timeout);
  }

  private void deliver(ConsumerRecord<byte[], byte[]> record) {
    if (!duplicates.firstTime(record.partition(), DeliverySource.readFrom(record.headers()))) {
      return;
    }
    DeliveryTiming timing = timing(record.headers());
    DeliveryRecord delivery = DeliveryRecordCodec.decode(record.value());
    fanOut.dispatch(delivery, new StreamPosition(epoch, record.partition(), record.offset()), timing);
  }

  public Future<Void> close(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      reader.close(java.time.Duration.ofSeconds(5));
      return null;
    });
  }

  /** Stamps a delivery just polled and records the hop from the broadcaster ({@link Hop#GATEWAY_POLL}). */
  private static DeliveryTiming timing(Headers headers) {
    long received = TimingHeaders.get(headers, TimingHeaders.RECEIVED);
    if (received == 0) {
      return DeliveryTiming.NONE;
    }
    long now = HopClock.nowMicros();
    long routed = TimingHeaders.get(headers, TimingHeaders.ROUTED);
    if (routed != 0) {
      Hop.GATEWAY_POLL.recordMicros(now - routed);
    }
    return new DeliveryTiming(received, now);
  }
}

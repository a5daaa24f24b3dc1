package dev.beacon.gateway.kafka;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.DeliveryHandler;
import dev.beacon.gateway.backend.DeliveryTiming;
import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.DeadLetters;
import dev.beacon.runtime.kafka.DeliverySource;
import dev.beacon.runtime.kafka.DuplicateFilter;
import dev.beacon.runtime.kafka.KafkaDeadLetters;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.timing.Hop;
import dev.beacon.runtime.timing.HopClock;
import dev.beacon.runtime.timing.TimingHeaders;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one reader of {@code beacon.deliveries}: every partition, from the end, each record
 * as soon as the broker has it (read_uncommitted: the broadcaster's commit is not waited for). A
 * delivery routed twice, after an aborted transaction, is dropped by its {@link DeliverySource};
 * every other is decoded once, given its position ({@code <epoch>-<partition>-<offset>}) and handed
 * to every event loop through the {@link DeliveryHandler}.
 */
public final class DeliveryFeed {

  private static final Logger log = LoggerFactory.getLogger(DeliveryFeed.class);

  private final String epoch;
  private final DeliveryHandler fanOut;
  private final ConsumeLoop loop;
  private final DuplicateFilter duplicates = new DuplicateFilter();

  DeliveryFeed(
      Consumer<byte[], byte[]> consumer,
      String topic,
      Duration timeout,
      String epoch,
      DeliveryHandler fanOut,
      DeadLetters deadLetters) {
    this.epoch = epoch;
    this.fanOut = fanOut;
    this.loop =
        new TopicReader<>(
                topic,
                ConsumeContext.From.END,
                timeout,
                record -> DeliveryRecordCodec.decode(record.value()),
                this::deliver)
            .loop(consumer, deadLetters);
  }

  /**
   * Reads the topic's epoch, then reads from the end on a thread of its own, positioned before the
   * future completes.
   */
  public static Future<DeliveryFeed> start(
      Vertx vertx, KafkaSettings kafka, String clientId, DeliveryHandler fanOut) {
    return vertx.executeBlocking(
        () -> {
          String epoch = epochOf(kafka, clientId + "-admin");
          DeliveryFeed feed =
              new DeliveryFeed(
                  new KafkaConsumer<>(TopicReader.uncommittedSettings(kafka, clientId)),
                  kafka.topics().deliveries(),
                  kafka.ackTimeout(),
                  epoch,
                  fanOut,
                  new KafkaDeadLetters(kafka, clientId));
          feed.loop.startThread("beacon-deliveries", true);
          feed.loop.awaitReady(kafka.ackTimeout().multipliedBy(3));
          log.info("delivery feed started on {} (epoch {})", kafka.topics().deliveries(), epoch);
          return feed;
        });
  }

  /**
   * The epoch of {@code beacon.deliveries}: the start of its topic id, new when the topic is
   * recreated.
   */
  static String epochOf(KafkaSettings kafka, String clientId) throws Exception {
    long deadline = System.nanoTime() + kafka.ackTimeout().toNanos() * 3;
    String topic = kafka.topics().deliveries();
    try (Admin admin = Admin.create(kafka.admin(clientId))) {
      while (true) {
        try {
          return StreamPosition.epochOf(
              admin
                  .describeTopics(List.of(topic))
                  .allTopicNames()
                  .get(kafka.ackTimeout().toMillis(), TimeUnit.MILLISECONDS)
                  .get(topic)
                  .topicId()
                  .toString());
        } catch (ExecutionException e) {
          // Just created: the topic may not be known to the broker answering yet.
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
              || System.nanoTime() - deadline > 0) {
            throw new IllegalStateException(
                "cannot read the id of " + topic + ": " + e.getCause(), e);
          }
          Thread.sleep(100);
        }
      }
    }
  }

  String epoch() {
    return epoch;
  }

  /** The loop, for tests that drive it turn by turn. */
  ConsumeLoop loop() {
    return loop;
  }

  private void deliver(ConsumerRecord<byte[], byte[]> record, DeliveryRecord delivery) {
    if (!duplicates.firstTime(record.partition(), DeliverySource.readFrom(record.headers()))) {
      return;
    }
    DeliveryTiming timing = timing(record.headers());
    fanOut.dispatch(
        delivery, new StreamPosition(epoch, record.partition(), record.offset()), timing);
  }

  public Future<Void> close(Vertx vertx) {
    return vertx.executeBlocking(
        () -> {
          loop.close(Duration.ofSeconds(5));
          return null;
        });
  }

  /**
   * Stamps a delivery just polled and records the hop from the broadcaster ({@link
   * Hop#GATEWAY_POLL}).
   */
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

package dev.beacon.gateway.kafka;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.gateway.backend.FixSink;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicPartitions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes fixes to {@code beacon.gps} through one idempotent {@code acks=all} producer shared by
 * every verticle instance of the process (the producer is thread-safe and batches across
 * connections). Key: device id; value: {@link GpsRecordCodec}. A fix's future succeeds on the
 * broker's ack and fails when the send fails, which {@code delivery.timeout.ms} (the configured ack
 * timeout) bounds. When Kafka comes back the same producer recovers by itself; it is never
 * recreated.
 */
public final class KafkaFixSink implements FixSink {

  private static final Logger log = LoggerFactory.getLogger(KafkaFixSink.class);

  private final Vertx vertx;
  private final Producer<byte[], byte[]> producer;
  private final AckedProducer acked;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final String topic;

  /**
   * @param topic {@code beacon.gps} under this deployment's prefix
   */
  KafkaFixSink(Vertx vertx, Producer<byte[], byte[]> producer, String topic) {
    this.topic = topic;
    this.vertx = vertx;
    this.producer = producer;
    this.acked = new AckedProducer(vertx, producer);
  }

  /**
   * Creates the producer and loads the metadata of {@code beacon.gps} on a worker, so that no later
   * {@code send()} waits for metadata on an event loop. Fails when the metadata cannot be had
   * within the ack timeout.
   */
  public static Future<KafkaFixSink> start(Vertx vertx, KafkaSettings settings, String clientId) {
    return vertx.executeBlocking(
        () -> {
          KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.producer(clientId));
          try {
            warmMetadata(producer, settings.topics().gps(), settings.ackTimeout());
          } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
          }
          log.info(
              "Kafka producer {} ready for {} at {}",
              clientId,
              settings.topics().gps(),
              settings.bootstrap());
          return new KafkaFixSink(vertx, producer, settings.topics().gps());
        });
  }

  /**
   * Waits until the producer has the metadata of {@code topic}: {@code partitionsFor} blocks up to
   * {@code max.block.ms} per call; asked again until {@code deadline} is spent.
   */
  static void warmMetadata(Producer<byte[], byte[]> producer, String topic, Duration deadline) {
    TopicPartitions.await(topic, producer::partitionsFor, deadline);
  }

  /**
   * Sends the fix; the future completes on the caller's context on the broker's ack (see {@link
   * AckedProducer}).
   */
  @Override
  public Future<Void> publish(GpsFix fix) {
    inFlight.incrementAndGet();
    // Registered before the caller's handlers, so the count is settled when they run.
    return acked
        .send(topic, GpsRecordCodec.key(fix), GpsRecordCodec.encode(fix))
        .onComplete(
            settled -> {
              inFlight.decrementAndGet();
              if (settled.failed()) {
                log.debug(
                    "fix from device {} not acknowledged by Kafka: {}",
                    fix.deviceId(),
                    settled.cause().toString());
              }
            });
  }

  /**
   * The shared producer, for the other writers of the process (messages, presence); closed by
   * {@link #close}.
   */
  Producer<byte[], byte[]> producer() {
    return producer;
  }

  /** Fixes handed to the producer and not yet acknowledged or failed. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Flushes what is in flight, waiting at most {@code timeout}, then closes the producer (on a
   * worker).
   */
  public Future<Void> close(Duration timeout) {
    return vertx.executeBlocking(
        () -> {
          log.info("closing Kafka producer with {} fixes in flight", inFlight.get());
          producer.close(timeout);
          return null;
        });
  }
}

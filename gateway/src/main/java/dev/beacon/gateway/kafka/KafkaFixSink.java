package dev.beacon.gateway.kafka;

import dev.beacon.gateway.ContextHandoff;
import dev.beacon.gateway.FixSink;
import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes fixes to {@code beacon.gps} through one idempotent {@code acks=all} producer shared by every verticle
 * instance of the process (the producer is thread-safe and batches across connections). Key: device id; value:
 * {@link GpsRecordCodec}. A fix's future succeeds on the broker's ack and fails when the send fails, which
 * {@code delivery.timeout.ms} (the configured ack timeout) bounds. When Kafka comes back the same producer
 * recovers by itself; it is never recreated.
 */
public final class KafkaFixSink implements FixSink {

  private static final Logger log = LoggerFactory.getLogger(KafkaFixSink.class);

  private final Vertx vertx;
  private final Producer<byte[], byte[]> producer;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ContextHandoff handoff = new ContextHandoff();

  KafkaFixSink(Vertx vertx, Producer<byte[], byte[]> producer) {
    this.vertx = vertx;
    this.producer = producer;
  }

  /**
   * Creates the producer and loads the metadata of {@code beacon.gps} on a worker, so that no later
   * {@code send()} waits for metadata on an event loop. Fails when the metadata cannot be had within the ack
   * timeout.
   */
  public static Future<KafkaFixSink> start(Vertx vertx, KafkaSettings settings, String clientId) {
    return vertx.executeBlocking(() -> {
      KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.producer(clientId));
      try {
        warmMetadata(producer, Topics.GPS, settings.ackTimeout());
      } catch (RuntimeException e) {
        producer.close(Duration.ZERO);
        throw e;
      }
      log.info("Kafka producer {} ready for {} at {}", clientId, Topics.GPS, settings.bootstrap());
      return new KafkaFixSink(vertx, producer);
    });
  }

  /** {@code partitionsFor} blocks up to {@code max.block.ms} per call; retry until the ack timeout is spent. */
  static void warmMetadata(Producer<byte[], byte[]> producer, String topic, Duration deadline) {
    long giveUpAt = System.nanoTime() + deadline.toNanos();
    while (true) {
      try {
        producer.partitionsFor(topic);
        return;
      } catch (KafkaException e) {
        if (System.nanoTime() - giveUpAt > 0) {
          throw new IllegalStateException("no metadata for " + topic + " within " + deadline.toMillis()
              + " ms: " + e.getMessage() + "; check that Kafka is up and BEACON_KAFKA_BOOTSTRAP is right", e);
        }
      }
    }
  }

  @Override
  public Future<Void> publish(GpsFix fix) {
    Context context = vertx.getOrCreateContext();
    Promise<Void> promise = Promise.promise();
    inFlight.incrementAndGet();
    try {
      producer.send(new ProducerRecord<>(Topics.GPS, GpsRecordCodec.key(fix), GpsRecordCodec.encode(fix)),
          (metadata, error) -> {
            inFlight.decrementAndGet();
            handoff.submit(context, () -> settle(promise, fix, error));
          });
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      settle(promise, fix, e);
    }
    return promise.future();
  }

  private static void settle(Promise<Void> promise, GpsFix fix, Exception error) {
    if (error == null) {
      promise.complete();
    } else {
      log.debug("fix from device {} not acknowledged by Kafka: {}", fix.deviceId(), error.toString());
      promise.fail(error);
    }
  }

  /** The shared producer, for the other writers of the process (messages, presence); closed by {@link #close}. */
  Producer<byte[], byte[]> producer() {
    return producer;
  }

  /** Fixes handed to the producer and not yet acknowledged or failed. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Flushes what is in flight, waiting at most {@code timeout}, then closes the producer (on a worker). */
  public Future<Void> close(Duration timeout) {
    return vertx.executeBlocking(() -> {
      log.info("closing Kafka producer with {} fixes in flight", inFlight.get());
      producer.close(timeout);
      return null;
    });
  }
}

package dev.beacon.gateway.kafka;

import dev.beacon.gateway.backend.ContextHandoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The process's shared producer seen from an event loop: {@link #send} never blocks, and its future
 * completes on the caller's context once the broker acknowledged the record, or fails with the
 * send's error. The wait is bounded by the producer's {@code delivery.timeout.ms} (the configured
 * ack timeout): a record Kafka cannot take in that time fails, so no caller waits forever. The one
 * way the gateway's writers (fixes, messages, presence, control) turn a Kafka ack into a Vert.x
 * future.
 */
final class AckedProducer {

  private final Vertx vertx;
  private final Producer<byte[], byte[]> producer;
  private final ContextHandoff handoff = new ContextHandoff();

  AckedProducer(Vertx vertx, Producer<byte[], byte[]> producer) {
    this.vertx = vertx;
    this.producer = producer;
  }

  Future<Void> send(String topic, byte[] key, byte[] value) {
    return send(new ProducerRecord<>(topic, key, value));
  }

  Future<Void> send(ProducerRecord<byte[], byte[]> record) {
    Context context = vertx.getOrCreateContext();
    Promise<Void> promise = Promise.promise();
    try {
      producer.send(
          record,
          (metadata, error) ->
              handoff.submit(
                  context,
                  () -> {
                    if (error == null) {
                      promise.complete();
                    } else {
                      promise.fail(error);
                    }
                  }));
    } catch (RuntimeException e) {
      promise.fail(e);
    }
    return promise.future();
  }
}

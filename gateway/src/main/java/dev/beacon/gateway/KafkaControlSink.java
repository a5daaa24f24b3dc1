package dev.beacon.gateway;

import dev.beacon.common.kafka.Topics;
import dev.beacon.common.protocol.ControlRecord;
import dev.beacon.common.protocol.ControlRecordCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes operator commands to {@code beacon.control} through the process's shared producer (owned and closed by
 * {@link KafkaFixSink}); the future succeeds on the broker's ack, on the caller's context.
 */
final class KafkaControlSink implements ControlSink {

  private final Vertx vertx;
  private final Producer<byte[], byte[]> producer;
  private final ContextHandoff handoff = new ContextHandoff();

  KafkaControlSink(Vertx vertx, Producer<byte[], byte[]> producer) {
    this.vertx = vertx;
    this.producer = producer;
  }

  @Override
  public Future<Void> send(ControlRecord command) {
    Context context = vertx.getOrCreateContext();
    Promise<Void> promise = Promise.promise();
    try {
      producer.send(new ProducerRecord<>(Topics.CONTROL, ControlRecordCodec.key(command),
          ControlRecordCodec.encode(command)), (metadata, error) -> handoff.submit(context, () -> {
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

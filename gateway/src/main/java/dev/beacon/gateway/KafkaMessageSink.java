package dev.beacon.gateway;

import dev.beacon.common.kafka.Topics;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.MessageRecordCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes client messages to {@code beacon.messages} through the gateway's shared idempotent {@code acks=all}
 * producer (owned and closed by {@link KafkaFixSink}). Key: {@link MessageRecord#key()}, so one room's messages
 * keep their order; value: {@link MessageRecordCodec}. A message's future succeeds on the broker's ack, on the
 * caller's context.
 */
public final class KafkaMessageSink implements MessageSink {

  private final Vertx vertx;
  private final Producer<byte[], byte[]> producer;
  private final ContextHandoff handoff = new ContextHandoff();

  KafkaMessageSink(Vertx vertx, Producer<byte[], byte[]> producer) {
    this.vertx = vertx;
    this.producer = producer;
  }

  @Override
  public Future<Void> publish(MessageRecord message) {
    Context context = vertx.getOrCreateContext();
    Promise<Void> promise = Promise.promise();
    try {
      producer.send(new ProducerRecord<>(Topics.MESSAGES, MessageRecordCodec.key(message),
          MessageRecordCodec.encode(message)), (metadata, error) -> handoff.submit(context, () -> {
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

package dev.beacon.gateway.kafka;

import dev.beacon.gateway.ControlSink;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.common.protocol.ControlRecord;
import dev.beacon.common.protocol.ControlRecordCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Producer;

/**
 * Writes operator commands to {@code beacon.control} through the process's shared producer (owned and closed by
 * {@link KafkaFixSink}); the future succeeds on the broker's ack, on the caller's context.
 */
final class KafkaControlSink implements ControlSink {

  private final AckedProducer producer;

  KafkaControlSink(Vertx vertx, Producer<byte[], byte[]> producer) {
    this.producer = new AckedProducer(vertx, producer);
  }

  @Override
  public Future<Void> send(ControlRecord command) {
    return producer.send(Topics.CONTROL, ControlRecordCodec.key(command), ControlRecordCodec.encode(command));
  }
}

package dev.beacon.gateway.kafka;

import dev.beacon.common.protocol.ControlRecord;
import dev.beacon.common.protocol.ControlRecordCodec;
import dev.beacon.gateway.backend.ControlSink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Producer;

/**
 * Writes operator commands to {@code beacon.control} through the process's shared producer (owned
 * and closed by {@link KafkaFixSink}); the future succeeds on the broker's ack, on the caller's
 * context.
 */
final class KafkaControlSink implements ControlSink {

  private final AckedProducer producer;
  private final String topic;

  /**
   * @param topic {@code beacon.control} under this deployment's prefix
   */
  KafkaControlSink(Vertx vertx, Producer<byte[], byte[]> producer, String topic) {
    this.producer = new AckedProducer(vertx, producer);
    this.topic = topic;
  }

  @Override
  public Future<Void> send(ControlRecord command) {
    return producer.send(
        topic, ControlRecordCodec.key(command), ControlRecordCodec.encode(command));
  }
}

package dev.beacon.gateway.kafka;

import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.MessageRecordCodec;
import dev.beacon.gateway.backend.MessageSink;
import dev.beacon.runtime.timing.Hop;
import dev.beacon.runtime.timing.HopClock;
import dev.beacon.runtime.timing.TimingHeaders;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes client messages to {@code beacon.messages} through the gateway's messaging producer
 * (idempotent, {@code acks=all}, no linger; created, warmed and closed by {@link KafkaBackend},
 * which shares it with presence). Key: {@link MessageRecord#key()}, so one room's messages keep
 * their order; value: {@link MessageRecordCodec}. A message's future succeeds on the broker's ack,
 * on the caller's context.
 */
public final class KafkaMessageSink implements MessageSink {

  private final AckedProducer producer;
  private final String topic;

  /**
   * @param topic {@code beacon.messages} under this deployment's prefix
   */
  KafkaMessageSink(Vertx vertx, Producer<byte[], byte[]> producer, String topic) {
    this.producer = new AckedProducer(vertx, producer);
    this.topic = topic;
  }

  @Override
  public Future<Void> publish(MessageRecord message) {
    long received = HopClock.nowMicros();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, MessageRecordCodec.key(message), MessageRecordCodec.encode(message));
    TimingHeaders.put(record.headers(), TimingHeaders.RECEIVED, received);
    return producer.send(record).onSuccess(v -> Hop.GATEWAY_PRODUCE.recordSince(received));
  }
}

package dev.beacon.broadcaster;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.runtime.kafka.DeliverySource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The record the router and the GPS relay write to {@code beacon.deliveries}: keyed, encoded,
 * marked with its source.
 */
final class OutgoingDelivery {

  private OutgoingDelivery() {}

  /**
   * {@code delivery} as a record for {@code beacon.deliveries}, carrying the source it was made
   * from (the {@code index}-th delivery of {@code source}, read from {@code from}), so that
   * gateways can drop a repeat.
   */
  static ProducerRecord<byte[], byte[]> of(
      String topic,
      DeliveryRecord delivery,
      DeliverySource.SourceTopic from,
      ConsumerRecord<byte[], byte[]> source,
      int index) {
    ProducerRecord<byte[], byte[]> out =
        new ProducerRecord<>(
            topic, DeliveryRecordCodec.key(delivery), DeliveryRecordCodec.encode(delivery));
    new DeliverySource(from, source.partition(), source.offset(), index).writeTo(out.headers());
    return out;
  }
}

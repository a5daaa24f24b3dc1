package dev.beacon.broadcaster;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the {@link DeliveryRouter} made of one poll, sent in the open transaction ({@link
 * TransactionPair}, {@link OpenTransaction}).
 *
 * @param deliveries one per well-formed message, for {@code beacon.deliveries}
 * @param offsets the offsets to commit with the transaction: past every record polled, malformed
 *     ones included
 * @param messages how many messages were routed
 * @param polledMicros when the poll returned ({@link dev.beacon.runtime.timing.HopClock}), for the
 *     commit hop
 */
record RoutedBatch(
    List<ProducerRecord<byte[], byte[]>> deliveries,
    Map<TopicPartition, OffsetAndMetadata> offsets,
    int messages,
    long polledMicros) {}

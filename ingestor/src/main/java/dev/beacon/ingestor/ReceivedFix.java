package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import java.util.Comparator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A fix and the Kafka record it came from, so a fix refused as a conflict can be traced back to its
 * record.
 *
 * @param topic the record's topic; empty when the fix did not come from Kafka (tests, tools)
 * @param partition the record's partition, -1 when unknown
 * @param offset the record's offset, -1 when unknown
 */
record ReceivedFix(GpsFix fix, String topic, int partition, long offset) {

  /** Key order of the store, {@code (device_id, device_ts)}. */
  static final Comparator<ReceivedFix> KEY_ORDER =
      Comparator.comparing((ReceivedFix r) -> r.fix().deviceId())
          .thenComparingLong(r -> r.fix().deviceTs());

  static ReceivedFix from(ConsumerRecord<?, ?> record, GpsFix fix) {
    return new ReceivedFix(fix, record.topic(), record.partition(), record.offset());
  }

  /** A fix with no Kafka record behind it. */
  static ReceivedFix unsourced(GpsFix fix) {
    return new ReceivedFix(fix, "", -1, -1);
  }

  /** {@code topic-partition@offset}, as Kafka's tools print a record's position. */
  String position() {
    return topic + "-" + partition + "@" + offset;
  }
}

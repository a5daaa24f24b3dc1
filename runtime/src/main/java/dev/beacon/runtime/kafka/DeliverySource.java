package dev.beacon.runtime.kafka;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where a delivery on {@code beacon.deliveries} came from: the source topic (a {@link
 * SourceTopic}), its partition and offset, and the delivery's index among those made from that one
 * source record. Carried as the record header {@value #HEADER} (17 bytes: source topic, partition,
 * offset, index, big-endian).
 *
 * <p>It makes a delivery made twice recognisable. The broadcaster routes a source partition in
 * offset order and sends its deliveries in that order, so within one delivery partition the sources
 * of one source partition only ever go up, except when the same records are routed again: after an
 * aborted transaction (the gateways read uncommitted deliveries, so they saw the aborted copies) or
 * after the GPS relay re-reads a poll. A reader that keeps, per delivery partition and source
 * partition, the highest source seen and drops anything at or below it sees every delivery exactly
 * once and in order ({@link #isAfter}).
 *
 * @param topic the source topic
 * @param partition the source record's partition
 * @param offset the source record's offset
 * @param index which of the deliveries made from that record (0 for the first)
 */
public record DeliverySource(SourceTopic topic, int partition, long offset, int index) {

  public static final String HEADER = "beacon-source";
  private static final int SIZE = 1 + Integer.BYTES + Long.BYTES + Integer.BYTES;

  /** The source topics of deliveries. */
  public enum SourceTopic {
    /** {@code beacon.messages}, routed transactionally by the broadcaster. */
    MESSAGES,
    /** {@code beacon.gps}, relayed at least once by the broadcaster's GPS relay. */
    GPS,
    /** {@code beacon.geofence-events}, relayed at least once by the broadcaster's event relay. */
    GEOFENCE_EVENTS
  }

  /**
   * Whether this source comes strictly after {@code other}, a source of the same topic and
   * partition.
   */
  public boolean isAfter(DeliverySource other) {
    return offset > other.offset || (offset == other.offset && index > other.index);
  }

  /** Adds this source to a record's headers. */
  public void writeTo(Headers headers) {
    headers.add(
        HEADER,
        ByteBuffer.allocate(SIZE)
            .put((byte) topic.ordinal())
            .putInt(partition)
            .putLong(offset)
            .putInt(index)
            .array());
  }

  /**
   * The source of a delivery record, or null when it has none (written before sources existed) or
   * it is unreadable.
   */
  public static DeliverySource readFrom(Headers headers) {
    Header header = headers.lastHeader(HEADER);
    if (header == null || header.value() == null || header.value().length != SIZE) {
      return null;
    }
    ByteBuffer bytes = ByteBuffer.wrap(header.value());
    int topic = bytes.get();
    if (topic < 0 || topic >= SourceTopic.values().length) {
      return null;
    }
    return new DeliverySource(
        SourceTopic.values()[topic], bytes.getInt(), bytes.getLong(), bytes.getInt());
  }
}

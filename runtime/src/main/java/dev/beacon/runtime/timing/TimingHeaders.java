package dev.beacon.runtime.timing;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The timing stamps a message carries through Kafka, as record headers holding an 8-byte big-endian
 * count of microseconds since the epoch ({@link HopClock}). Headers, not fields of the JSON value:
 * the documented record schemas stay as they are, and a consumer that does not care never sees
 * them.
 *
 * <ul>
 *   <li>{@value #RECEIVED}: when the first gateway received the client's frame (on {@code
 *       beacon.messages} and copied to every delivery of it)
 *   <li>{@value #ROUTED}: when the broadcaster polled the message and routed it (on {@code
 *       beacon.deliveries})
 * </ul>
 */
public final class TimingHeaders {

  public static final String RECEIVED = "beacon-received-us";
  public static final String ROUTED = "beacon-routed-us";

  private TimingHeaders() {}

  public static void put(Headers headers, String name, long micros) {
    headers.add(name, ByteBuffer.allocate(Long.BYTES).putLong(micros).array());
  }

  /**
   * The stamp {@code name}, or 0 when the record has none (written by an older or foreign
   * producer).
   */
  public static long get(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    if (header == null || header.value() == null || header.value().length != Long.BYTES) {
      return 0;
    }
    return ByteBuffer.wrap(header.value()).getLong();
  }
}

package dev.beacon.common.gps;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.beacon.common.protocol.RecordValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The value schema of {@code beacon.gps}, version 1:
 *
 * <pre>{"v":1,"device_id":"32","ts":1681593747000,"lat":44.8159745,"lon":20.4601243,
 *  "received_at":1700000000123,"gateway":"gw-1"}</pre>
 *
 * {@code ts} and {@code received_at} are epoch milliseconds. The record key is the device id in
 * UTF-8, so all fixes of one device share a partition and keep their order. Readers ignore unknown
 * fields, so fields may be added without a version bump; a change of meaning bumps {@code v}.
 */
public final class GpsRecordCodec {

  public static final int VERSION = RecordValues.VERSION;

  private GpsRecordCodec() {}

  public static byte[] key(GpsFix fix) {
    return fix.deviceId().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Encodes without a JSON library: device ids and gateway ids never need escaping (see GpsLimits).
   */
  public static byte[] encode(GpsFix fix) {
    StringBuilder sb =
        new StringBuilder(128)
            .append("{\"v\":")
            .append(VERSION)
            .append(",\"device_id\":\"")
            .append(fix.deviceId())
            .append("\",\"ts\":")
            .append(fix.deviceTs())
            .append(",\"lat\":")
            .append(fix.lat())
            .append(",\"lon\":")
            .append(fix.lon())
            .append(",\"received_at\":")
            .append(fix.receivedAt())
            .append(",\"gateway\":\"")
            .append(escape(fix.gateway()))
            .append("\"}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes a record value.
   *
   * @throws IllegalArgumentException when the value is not a version-1 fix; the message says which
   *     part
   */
  public static GpsFix decode(byte[] value) {
    Fields fields = new Fields();
    RecordValues.readObject(value, fields);
    return fields.fix();
  }

  /**
   * The fields of one value, streamed straight in: the ingestor decodes every record, so no
   * intermediate map.
   */
  private static final class Fields implements RecordValues.FieldReader {
    private Number ts;
    private Number lat;
    private Number lon;
    private Number receivedAt;
    private String deviceId;
    private String gateway = "";

    @Override
    public void read(String name, JsonToken token, JsonParser parser) throws IOException {
      switch (name) {
        case "device_id" -> deviceId = RecordValues.text(parser, token, name);
        case "ts" -> ts = RecordValues.number(parser, token, name);
        case "lat" -> lat = RecordValues.number(parser, token, name);
        case "lon" -> lon = RecordValues.number(parser, token, name);
        case "received_at" -> receivedAt = RecordValues.number(parser, token, name);
        case "gateway" ->
            gateway = token == JsonToken.VALUE_NULL ? "" : RecordValues.text(parser, token, name);
        default -> parser.skipChildren();
      }
    }

    GpsFix fix() {
      if (deviceId == null || deviceId.isEmpty() || ts == null || lat == null || lon == null) {
        throw new IllegalArgumentException("missing one of device_id, ts, lat, lon");
      }
      return new GpsFix(
          deviceId,
          ts.longValue(),
          lat.doubleValue(),
          lon.doubleValue(),
          receivedAt == null ? 0L : receivedAt.longValue(),
          gateway);
    }
  }

  private static String escape(String s) {
    if (s.chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\')) {
      return s;
    }
    String quoted = io.vertx.core.json.Json.encode(s);
    return quoted.substring(1, quoted.length() - 1);
  }
}

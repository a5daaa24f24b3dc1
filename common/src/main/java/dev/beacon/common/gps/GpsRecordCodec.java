package dev.beacon.common.gps;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The value schema of {@code beacon.gps}, version 1:
 *
 * <pre>{"v":1,"device_id":"32","ts":1681593747000,"lat":44.8159745,"lon":20.4601243,
 *  "received_at":1700000000123,"gateway":"gw-1"}</pre>
 *
 * {@code ts} and {@code received_at} are epoch milliseconds. The record key is the device id in UTF-8, so
 * all fixes of one device share a partition and keep their order. Readers ignore unknown fields, so fields
 * may be added without a version bump; a change of meaning bumps {@code v}.
 */
public final class GpsRecordCodec {

  public static final int VERSION = 1;

  private static final JsonFactory JSON = new JsonFactory();

  private GpsRecordCodec() {
  }

  public static byte[] key(GpsFix fix) {
    return fix.deviceId().getBytes(StandardCharsets.UTF_8);
  }

  /** Encodes without a JSON library: device ids and gateway ids never need escaping (see GpsLimits). */
  public static byte[] encode(GpsFix fix) {
    StringBuilder sb = new StringBuilder(128)
        .append("{\"v\":").append(VERSION)
        .append(",\"device_id\":\"").append(fix.deviceId())
        .append("\",\"ts\":").append(fix.deviceTs())
        .append(",\"lat\":").append(fix.lat())
        .append(",\"lon\":").append(fix.lon())
        .append(",\"received_at\":").append(fix.receivedAt())
        .append(",\"gateway\":\"").append(escape(fix.gateway())).append("\"}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes a record value.
   *
   * @throws IllegalArgumentException when the value is not a version-1 fix; the message says which part
   */
  public static GpsFix decode(byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException("record has no value");
    }
    try (JsonParser parser = JSON.createParser(value)) {
      return read(parser);
    } catch (IOException e) {
      throw new IllegalArgumentException("value is not a JSON object: " + e.getMessage());
    }
  }

  /** Streams the fields straight into a fix: the ingestor decodes every record, so no intermediate map. */
  private static GpsFix read(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("value is not a JSON object");
    }
    Number version = null;
    Number ts = null;
    Number lat = null;
    Number lon = null;
    Number receivedAt = null;
    String deviceId = null;
    String gateway = "";
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      switch (name) {
        case "v" -> version = number(parser, token, name);
        case "device_id" -> deviceId = text(parser, token, name);
        case "ts" -> ts = number(parser, token, name);
        case "lat" -> lat = number(parser, token, name);
        case "lon" -> lon = number(parser, token, name);
        case "received_at" -> receivedAt = number(parser, token, name);
        case "gateway" -> gateway = token == JsonToken.VALUE_NULL ? "" : text(parser, token, name);
        default -> parser.skipChildren();
      }
    }
    if (version == null || version.doubleValue() != VERSION) {
      throw new IllegalArgumentException("unsupported schema version " + version + ", expected " + VERSION);
    }
    if (deviceId == null || deviceId.isEmpty() || ts == null || lat == null || lon == null) {
      throw new IllegalArgumentException("missing one of device_id, ts, lat, lon");
    }
    return new GpsFix(deviceId, ts.longValue(), lat.doubleValue(), lon.doubleValue(),
        receivedAt == null ? 0L : receivedAt.longValue(), gateway);
  }

  /** The field as a number, null when JSON null; a field of another type is malformed, not a crash. */
  private static Number number(JsonParser parser, JsonToken token, String name) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      return token == JsonToken.VALUE_NUMBER_INT ? (Number) parser.getLongValue() : (Number) parser.getDoubleValue();
    }
    throw wrongType(parser, token, name, "a number");
  }

  private static String text(JsonParser parser, JsonToken token, String name) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    throw wrongType(parser, token, name, "a string");
  }

  private static IllegalArgumentException wrongType(JsonParser parser, JsonToken token, String name, String expected)
      throws IOException {
    String got = token.isStructStart() ? token.asString() : parser.getText();
    return new IllegalArgumentException("field '" + name + "' must be " + expected + ", got "
        + GpsFixValidator.abbreviate(String.valueOf(got)));
  }

  private static String escape(String s) {
    if (s.chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\')) {
      return s;
    }
    String quoted = io.vertx.core.json.Json.encode(s);
    return quoted.substring(1, quoted.length() - 1);
  }
}

package dev.beacon.common.gps;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.beacon.common.protocol.RecordValues;
import io.vertx.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The value schema of {@code beacon.gps}. Version 1, a position only:
 *
 * <pre>{"v":1,"device_id":"32","ts":1681593747000,"lat":44.8159745,"lon":20.4601243,
 *  "received_at":1700000000123,"gateway":"gw-1"}</pre>
 *
 * Version 2 adds what the device reported beside its position, each field optional: {@code speed}
 * (m/s), {@code course} (degrees), {@code altitude} (m), {@code accuracy} (m), {@code battery} (%)
 * and {@code attributes} (an object of strings, numbers and booleans). A fix without details is
 * still written as version 1, so a reader of version 1 keeps reading position-only fixes during a
 * rolling upgrade and refuses (dead-letters) a fix whose details it would otherwise drop.
 *
 * <p>{@code ts} and {@code received_at} are epoch milliseconds. The record key is the device id in
 * UTF-8, so all fixes of one device share a partition and keep their order. Readers ignore unknown
 * fields.
 */
public final class GpsRecordCodec {

  /** The newest version written and read. */
  public static final int VERSION = 2;

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
            .append(fix.details().isEmpty() ? 1 : VERSION)
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
            .append('"');
    appendDetails(sb, fix.details());
    return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes a record value.
   *
   * @throws IllegalArgumentException when the value is not a version-1 fix; the message says which
   *     part
   */
  public static GpsFix decode(byte[] value) {
    Fields fields = new Fields();
    RecordValues.readObject(value, fields, VERSION);
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
    private final FixDetails.Builder details = FixDetails.builder();

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
        case "speed" -> details.speed(decimal(parser, token, name));
        case "course" -> details.course(decimal(parser, token, name));
        case "altitude" -> details.altitude(decimal(parser, token, name));
        case "accuracy" -> details.accuracy(decimal(parser, token, name));
        case "battery" -> details.battery(decimal(parser, token, name));
        case "attributes" -> readAttributes(parser, token, details);
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
          gateway,
          details.build());
    }
  }

  private static void appendDetails(StringBuilder sb, FixDetails details) {
    if (details.isEmpty()) {
      return;
    }
    appendNumber(sb, "speed", details.speed());
    appendNumber(sb, "course", details.course());
    appendNumber(sb, "altitude", details.altitude());
    appendNumber(sb, "accuracy", details.accuracy());
    appendNumber(sb, "battery", details.battery());
    if (!details.attributes().isEmpty()) {
      sb.append(",\"attributes\":").append(Json.encode(details.attributes()));
    }
  }

  private static void appendNumber(StringBuilder sb, String name, Double value) {
    if (value != null) {
      sb.append(",\"").append(name).append("\":").append(value.doubleValue());
    }
  }

  private static Double decimal(JsonParser parser, JsonToken token, String name)
      throws IOException {
    Number n = RecordValues.number(parser, token, name);
    return n == null ? null : n.doubleValue();
  }

  /** Reads a flat object of strings, numbers and booleans; anything else is not a fix of ours. */
  private static void readAttributes(JsonParser parser, JsonToken token, FixDetails.Builder into)
      throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return;
    }
    if (token != JsonToken.START_OBJECT) {
      throw RecordValues.wrongType(parser, token, "attributes", "an object");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (value) {
        case VALUE_STRING -> into.attribute(name, parser.getText());
        case VALUE_NUMBER_INT -> into.attribute(name, parser.getLongValue());
        case VALUE_NUMBER_FLOAT -> into.attribute(name, parser.getDoubleValue());
        case VALUE_TRUE, VALUE_FALSE -> into.attribute(name, value == JsonToken.VALUE_TRUE);
        default ->
            throw new IllegalArgumentException(
                "attribute '" + name + "' must be a string, number or boolean, got " + value);
      }
    }
  }

  private static String escape(String s) {
    if (s.chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\')) {
      return s;
    }
    String quoted = Json.encode(s);
    return quoted.substring(1, quoted.length() - 1);
  }
}

package dev.beacon.common.gps;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
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
    JsonObject json;
    try {
      json = new JsonObject(new String(value, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("value is not a JSON object: " + e.getMessage());
    }
    Number version = number(json, "v");
    if (version == null || version.intValue() != VERSION) {
      throw new IllegalArgumentException("unsupported schema version " + version + ", expected " + VERSION);
    }
    String deviceId = json.getString("device_id");
    Number ts = number(json, "ts");
    Number lat = number(json, "lat");
    Number lon = number(json, "lon");
    if (deviceId == null || deviceId.isEmpty() || ts == null || lat == null || lon == null) {
      throw new IllegalArgumentException("missing one of device_id, ts, lat, lon");
    }
    Number receivedAt = number(json, "received_at");
    return new GpsFix(deviceId, ts.longValue(), lat.doubleValue(), lon.doubleValue(),
        receivedAt == null ? 0L : receivedAt.longValue(), json.getString("gateway", ""));
  }

  /** The field as a number, null when absent; a field of another type is malformed, not a crash. */
  private static Number number(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value == null || value instanceof Number) {
      return (Number) value;
    }
    throw new IllegalArgumentException("field '" + name + "' must be a number, got "
        + GpsFixValidator.abbreviate(String.valueOf(value)));
  }

  private static String escape(String s) {
    if (s.chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\')) {
      return s;
    }
    String quoted = io.vertx.core.json.Json.encode(s);
    return quoted.substring(1, quoted.length() - 1);
  }
}

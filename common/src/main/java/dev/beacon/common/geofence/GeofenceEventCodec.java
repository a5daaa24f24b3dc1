package dev.beacon.common.geofence;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Geofence events as JSON: values of {@code beacon.geofence-events}, version 1 ({@code
 * docs/schema/geofence-event.record.schema.json}, key the device id), the rows of the ingestor's
 * {@code /api/geofence-events}, and the {@code geofence} message delivered to {@code
 * events:<deviceId>} rooms:
 *
 * <pre>
 * {"v":1,"id":"gfe-…","device_id":"32","fence_id":"depot","fence_name":"Depot","event":"enter",
 *  "ts":1763762345000,"lat":44.81,"lon":20.46,"detected_at":1763762345812}
 * {"type":"geofence","room":"events:32","id":"gfe-…","device_id":"32",…}
 * </pre>
 */
public final class GeofenceEventCodec {

  public static final int VERSION = 1;

  /** The {@code type} of the message a client receives in an {@code events:} room. */
  public static final String MESSAGE_TYPE = "geofence";

  private GeofenceEventCodec() {}

  public static byte[] key(GeofenceEvent event) {
    return event.deviceId().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] encode(GeofenceEvent event) {
    return new JsonObject()
        .put("v", VERSION)
        .mergeIn(toJson(event))
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The event's fields, as the API lists them. */
  public static JsonObject toJson(GeofenceEvent event) {
    return new JsonObject()
        .put("id", event.id())
        .put("device_id", event.deviceId())
        .put("fence_id", event.fenceId())
        .put("fence_name", event.fenceName())
        .put("event", event.kind().wire())
        .put("ts", event.deviceTs())
        .put("lat", event.lat())
        .put("lon", event.lon())
        .put("detected_at", event.detectedAt());
  }

  /** The client message delivered to {@code room}. */
  public static String message(GeofenceEvent event, String room) {
    return new JsonObject()
        .put("type", MESSAGE_TYPE)
        .put("room", room)
        .mergeIn(toJson(event))
        .encode();
  }

  /**
   * @throws IllegalArgumentException when the value is malformed; the message says why
   */
  public static GeofenceEvent decode(byte[] value) {
    try {
      JsonObject json = new JsonObject(new String(value, StandardCharsets.UTF_8));
      if (!Integer.valueOf(VERSION).equals(json.getValue("v"))) {
        throw new IllegalArgumentException(
            "geofence event version " + json.getValue("v") + " is not " + VERSION);
      }
      return new GeofenceEvent(
          required(json.getString("id"), "id"),
          required(json.getString("device_id"), "device_id"),
          required(json.getString("fence_id"), "fence_id"),
          required(json.getString("fence_name"), "fence_name"),
          GeofenceEvent.Kind.ofWire(required(json.getString("event"), "event")),
          required(json.getLong("ts"), "ts"),
          required(json.getDouble("lat"), "lat"),
          required(json.getDouble("lon"), "lon"),
          required(json.getLong("detected_at"), "detected_at"));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("geofence event is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("geofence event lacks '" + field + "'");
    }
    return value;
  }
}

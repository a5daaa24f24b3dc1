package dev.beacon.common.geofence;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Keys and values of the compacted {@code beacon.geofences}, version 1 ({@code
 * docs/schema/geofence.record.schema.json}): key the fence id, value {@link GeofenceJson}'s shape
 * with {@code "v":1}; a deleted fence is a tombstone (null value), which compaction eventually
 * removes.
 */
public final class GeofenceRecordCodec {

  public static final int VERSION = 1;

  /** What a record may hold, generous: the admin API applies the deployment's own limits. */
  private static final GeofenceLimits RECORD_LIMITS =
      new GeofenceLimits(
          GeofenceLimits.CEILING_FENCES,
          GeofenceLimits.CEILING_VERTICES,
          GeofenceLimits.CEILING_RADIUS_METERS);

  private GeofenceRecordCodec() {}

  public static byte[] key(String fenceId) {
    return fenceId.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] encode(Geofence fence) {
    JsonObject json = new JsonObject().put("v", VERSION).mergeIn(GeofenceJson.toJson(fence));
    return json.encode().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes one value.
   *
   * @throws IllegalArgumentException when it is malformed or breaks a rule; the message says which
   */
  public static Geofence decode(byte[] value) {
    try {
      JsonObject json = new JsonObject(new String(value, StandardCharsets.UTF_8));
      if (!Integer.valueOf(VERSION).equals(json.getValue("v"))) {
        throw new IllegalArgumentException(
            "geofence record version " + json.getValue("v") + " is not " + VERSION);
      }
      return GeofenceJson.parse(
          json,
          json.getString("id"),
          json.getLong("created_at", 0L),
          json.getLong("updated_at", 0L),
          RECORD_LIMITS);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("geofence record is not valid JSON: " + e.getMessage(), e);
    } catch (InvalidGeofenceException e) {
      throw new IllegalArgumentException("geofence record: " + e.getMessage(), e);
    }
  }
}

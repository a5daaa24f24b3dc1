package dev.beacon.ingestor;

import dev.beacon.common.gps.FixDetails;
import dev.beacon.common.gps.GpsFix;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;

/** The JSON and GeoJSON shapes of the read API. */
final class FixJson {

  private FixJson() {}

  /**
   * {@code [{device_id, fixes, latest: {ts, lat, lon, received_at, speed?, course?, altitude?,
   * accuracy?, battery?, attributes?}}]}
   */
  static JsonArray devices(List<DeviceSummary> devices) {
    JsonArray array = new JsonArray();
    for (DeviceSummary device : devices) {
      GpsFix latest = device.latest();
      array.add(
          new JsonObject()
              .put("device_id", device.deviceId())
              .put("fixes", device.fixCount())
              .put(
                  "latest",
                  withDetails(
                      new JsonObject()
                          .put("ts", latest.deviceTs())
                          .put("lat", latest.lat())
                          .put("lon", latest.lon())
                          .put("received_at", latest.receivedAt()),
                      latest.details())));
    }
    return array;
  }

  /**
   * {@code {device_id, count, positions: [{ts, lat, lon, speed?, course?, altitude?, accuracy?,
   * battery?, attributes?}], next_cursor}}; {@code next_cursor} null on the last page. A detail the
   * device did not report is absent.
   */
  static JsonObject positions(String deviceId, List<GpsFix> fixes, String nextCursor) {
    JsonArray positions = new JsonArray();
    for (GpsFix fix : fixes) {
      positions.add(position(fix));
    }
    return new JsonObject()
        .put("device_id", deviceId)
        .put("count", fixes.size())
        .put("positions", positions)
        .put("next_cursor", nextCursor);
  }

  /**
   * {@code {count, conflicts: [{id, device_id, ts, stored: {lat, lon}, refused: {lat, lon, gateway,
   * received_at, topic, partition, offset}, detected_at}], next_cursor}}; {@code next_cursor} null
   * on the last page.
   */
  static JsonObject conflicts(List<FixConflict> conflicts, String nextCursor) {
    JsonArray array = new JsonArray();
    for (FixConflict c : conflicts) {
      array.add(
          new JsonObject()
              .put("id", c.id())
              .put("device_id", c.deviceId())
              .put("ts", c.deviceTs())
              .put("stored", new JsonObject().put("lat", c.storedLat()).put("lon", c.storedLon()))
              .put(
                  "refused",
                  new JsonObject()
                      .put("lat", c.refusedLat())
                      .put("lon", c.refusedLon())
                      .put("gateway", c.gateway())
                      .put("received_at", c.receivedAt())
                      .put("topic", c.topic())
                      .put("partition", c.partition())
                      .put("offset", c.offset()))
              .put("detected_at", c.detectedAt()));
    }
    return new JsonObject()
        .put("count", conflicts.size())
        .put("conflicts", array)
        .put("next_cursor", nextCursor);
  }

  /**
   * A FeatureCollection: the track as one LineString (when there are at least two points, the
   * minimum GeoJSON allows) followed by one Point per fix with its timestamp and details.
   * Coordinates are {@code [lon, lat]}, as GeoJSON requires. {@code next_cursor} is a foreign
   * member (RFC 7946 section 6.1), null on the last page.
   */
  static JsonObject geoJson(String deviceId, List<GpsFix> fixes, String nextCursor) {
    JsonArray features = new JsonArray();
    if (fixes.size() >= 2) {
      JsonArray line = new JsonArray();
      fixes.forEach(fix -> line.add(coordinates(fix)));
      features.add(
          feature(
              new JsonObject().put("type", "LineString").put("coordinates", line),
              new JsonObject()
                  .put("device_id", deviceId)
                  .put("from", fixes.get(0).deviceTs())
                  .put("to", fixes.get(fixes.size() - 1).deviceTs())));
    }
    for (GpsFix fix : fixes) {
      features.add(
          feature(
              new JsonObject().put("type", "Point").put("coordinates", coordinates(fix)),
              withDetails(
                  new JsonObject().put("device_id", deviceId).put("ts", fix.deviceTs()),
                  fix.details())));
    }
    return new JsonObject()
        .put("type", "FeatureCollection")
        .put("features", features)
        .put("next_cursor", nextCursor);
  }

  /** One fix as {@code {ts, lat, lon}} and the details it has. */
  static JsonObject position(GpsFix fix) {
    return withDetails(
        new JsonObject().put("ts", fix.deviceTs()).put("lat", fix.lat()).put("lon", fix.lon()),
        fix.details());
  }

  /** Adds each reported detail to {@code into}; an unreported one stays absent. */
  static JsonObject withDetails(JsonObject into, FixDetails details) {
    if (details.isEmpty()) {
      return into;
    }
    putIfReported(into, "speed", details.speed());
    putIfReported(into, "course", details.course());
    putIfReported(into, "altitude", details.altitude());
    putIfReported(into, "accuracy", details.accuracy());
    putIfReported(into, "battery", details.battery());
    if (!details.attributes().isEmpty()) {
      into.put("attributes", new JsonObject(new LinkedHashMap<>(details.attributes())));
    }
    return into;
  }

  private static void putIfReported(JsonObject into, String name, Double value) {
    if (value != null) {
      into.put(name, value);
    }
  }

  private static JsonObject feature(JsonObject geometry, JsonObject properties) {
    return new JsonObject()
        .put("type", "Feature")
        .put("geometry", geometry)
        .put("properties", properties);
  }

  private static JsonArray coordinates(GpsFix fix) {
    return new JsonArray().add(fix.lon()).add(fix.lat());
  }
}

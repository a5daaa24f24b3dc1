package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The JSON and GeoJSON shapes of the read API. */
final class FixJson {

  private FixJson() {}

  /** {@code [{device_id, fixes, latest: {ts, lat, lon, received_at}}]} */
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
                  new JsonObject()
                      .put("ts", latest.deviceTs())
                      .put("lat", latest.lat())
                      .put("lon", latest.lon())
                      .put("received_at", latest.receivedAt())));
    }
    return array;
  }

  /**
   * {@code {device_id, count, positions: [{ts, lat, lon}], next_cursor}}; {@code next_cursor} null
   * on the last page.
   */
  static JsonObject positions(String deviceId, List<GpsFix> fixes, String nextCursor) {
    JsonArray positions = new JsonArray();
    for (GpsFix fix : fixes) {
      positions.add(
          new JsonObject().put("ts", fix.deviceTs()).put("lat", fix.lat()).put("lon", fix.lon()));
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
   * minimum GeoJSON allows) followed by one Point per fix with its timestamp. Coordinates are
   * {@code [lon, lat]}, as GeoJSON requires. {@code next_cursor} is a foreign member (RFC 7946
   * section 6.1), null on the last page.
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
              new JsonObject().put("device_id", deviceId).put("ts", fix.deviceTs())));
    }
    return new JsonObject()
        .put("type", "FeatureCollection")
        .put("features", features)
        .put("next_cursor", nextCursor);
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

package dev.beacon.common.geofence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.common.geofence.FenceShape.Polygon;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GeofenceJsonTest {

  private static final GeofenceLimits LIMITS = new GeofenceLimits(10, 5, 1_000);

  private static Geofence parse(String json) throws InvalidGeofenceException {
    return GeofenceJson.parse(new JsonObject(json), "f1", 1, 2, LIMITS);
  }

  private static JsonArray ring(double... latLon) {
    JsonArray points = new JsonArray();
    for (int i = 0; i < latLon.length; i += 2) {
      points.add(new JsonObject().put("lat", latLon[i]).put("lon", latLon[i + 1]));
    }
    return points;
  }

  private static String polygon(JsonArray points) {
    return new JsonObject().put("name", "p").put("type", "polygon").put("points", points).encode();
  }

  @Test
  @DisplayName("a circle and a polygon round-trip through the JSON and the topic record")
  void roundTrip() throws InvalidGeofenceException {
    Geofence circle =
        parse(
            "{\"name\":\"Depot\",\"type\":\"circle\",\"lat\":44.8,\"lon\":20.4,\"radius_m\":250}");
    Geofence square = parse(polygon(ring(0, 0, 0, 1, 1, 1, 1, 0)));
    for (Geofence fence : new Geofence[] {circle, square}) {
      assertThat(GeofenceRecordCodec.decode(GeofenceRecordCodec.encode(fence))).isEqualTo(fence);
      assertThat(GeofenceJson.parse(GeofenceJson.toJson(fence), "f1", 1, 2, LIMITS))
          .isEqualTo(fence);
    }
  }

  @Test
  @DisplayName("a closed ring loses its closing vertex, so it counts against the limit once")
  void closedRing() throws InvalidGeofenceException {
    Geofence fence = parse(polygon(ring(0, 0, 0, 1, 1, 1, 1, 0, 0.5, -0.5, 0, 0)));
    assertThat(((Polygon) fence.shape()).vertices()).hasSize(5);
  }

  @Test
  @DisplayName("every broken rule is refused with a reason naming the field")
  void refusals() {
    assertRefused("{\"type\":\"circle\",\"lat\":1,\"lon\":1,\"radius_m\":5}", "'name'");
    assertRefused(
        "{\"name\":\"a\\u0001\",\"type\":\"circle\",\"lat\":1,\"lon\":1,\"radius_m\":5}", "'name'");
    assertRefused("{\"name\":\"c\",\"type\":\"square\"}", "'type'");
    assertRefused(
        "{\"name\":\"c\",\"type\":\"circle\",\"lat\":91,\"lon\":1,\"radius_m\":5}", "'lat'");
    assertRefused(
        "{\"name\":\"c\",\"type\":\"circle\",\"lat\":1,\"lon\":1,\"radius_m\":0.5}", "'radius_m'");
    assertRefused(
        "{\"name\":\"c\",\"type\":\"circle\",\"lat\":1,\"lon\":1,\"radius_m\":1001}",
        "BEACON_GEOFENCE_MAX_RADIUS_M");
    assertRefused(
        "{\"name\":\"c\",\"type\":\"circle\",\"lat\":1,\"lon\":\"x\",\"radius_m\":5}",
        "'lon' must be a number");
    assertRefused(polygon(ring(0, 0, 0, 1, 0, 0)), "at least 3");
    assertRefused(
        polygon(ring(0, 0, 0, 1, 1, 1, 1, 0, 2, 2, 3, 3)), "BEACON_GEOFENCE_MAX_VERTICES");
    assertRefused(polygon(ring(0, 179, 1, -179, 1, 179)), "antimeridian");
    assertRefused(polygon(ring(90, 0, 80, 10, 80, -10)), "pole");
    assertRefused(polygon(new JsonArray().add(1).add(2).add(3)), "'points[0]'");
    assertThatThrownBy(() -> GeofenceJson.parse(new JsonObject("{}"), "bad id", 1, 1, LIMITS))
        .hasMessageContaining("'id'");
  }

  private static void assertRefused(String json, String reason) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(InvalidGeofenceException.class)
        .hasMessageContaining(reason);
  }

  @Test
  @DisplayName("an event's id depends on device, fence, time and kind only, and it round-trips")
  void events() {
    Geofence fence = new Geofence("f1", "F", new FenceShape.Circle(0, 0, 10), 1, 1);
    GeofenceEvent enter = GeofenceEvent.of("32", fence, GeofenceEvent.Kind.ENTER, 1000, 0, 0, 5);
    GeofenceEvent again = GeofenceEvent.of("32", fence, GeofenceEvent.Kind.ENTER, 1000, 1, 1, 9);
    GeofenceEvent exit = GeofenceEvent.of("32", fence, GeofenceEvent.Kind.EXIT, 1000, 0, 0, 5);
    assertThat(again.id()).isEqualTo(enter.id());
    assertThat(exit.id()).isNotEqualTo(enter.id());
    assertThat(GeofenceEventCodec.decode(GeofenceEventCodec.encode(enter))).isEqualTo(enter);
    JsonObject message = new JsonObject(GeofenceEventCodec.message(enter, "events:32"));
    assertThat(message.getString("type")).isEqualTo("geofence");
    assertThat(message.getString("event")).isEqualTo("enter");
    assertThat(message.getString("room")).isEqualTo("events:32");
  }
}

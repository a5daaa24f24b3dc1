package dev.beacon.common.geofence;

import dev.beacon.common.geofence.FenceShape.Circle;
import dev.beacon.common.geofence.FenceShape.Polygon;
import dev.beacon.common.geofence.FenceShape.Vertex;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A geofence as JSON, the one shape of the admin API, the ingestor's API and the topic record:
 *
 * <pre>
 * {"id":"depot","name":"Depot","type":"circle","lat":44.81,"lon":20.46,"radius_m":250,
 *  "created_at":1763762345123,"updated_at":1763762345123}
 * {"id":"yard","name":"Yard","type":"polygon","points":[{"lat":44.8,"lon":20.4},...],...}
 * </pre>
 *
 * Parsing checks every rule and says what is wrong ({@link InvalidGeofenceException}): a name of
 * 1-{@value Geofence#MAX_NAME_LENGTH} characters without control characters; a circle's centre in
 * range and a radius within {@link GeofenceLimits}; a polygon of {@value
 * GeofenceLimits#MIN_VERTICES} to {@code maxVertices} points in range (a closing point equal to the
 * first is dropped), no edge crossing the antimeridian and no pole inside.
 */
public final class GeofenceJson {

  private GeofenceJson() {}

  /** The fence {@code body} describes (its {@code name} and shape), with the given id and times. */
  public static Geofence parse(
      JsonObject body, String id, long createdAt, long updatedAt, GeofenceLimits limits)
      throws InvalidGeofenceException {
    if (!Geofence.isId(id)) {
      throw new InvalidGeofenceException("'id' must be " + Geofence.ID_RULE);
    }
    return new Geofence(id, name(body), shape(body, limits), createdAt, updatedAt);
  }

  public static JsonObject toJson(Geofence fence) {
    JsonObject json = new JsonObject().put("id", fence.id()).put("name", fence.name());
    if (fence.shape() instanceof Circle c) {
      json.put("type", "circle").put("lat", c.lat()).put("lon", c.lon());
      json.put("radius_m", c.radiusMeters());
    } else if (fence.shape() instanceof Polygon p) {
      JsonArray points = new JsonArray();
      p.vertices()
          .forEach(v -> points.add(new JsonObject().put("lat", v.lat()).put("lon", v.lon())));
      json.put("type", "polygon").put("points", points);
    }
    return json.put("created_at", fence.createdAt()).put("updated_at", fence.updatedAt());
  }

  private static String name(JsonObject body) throws InvalidGeofenceException {
    Object name = body.getValue("name");
    if (!(name instanceof String s)
        || s.isBlank()
        || s.length() > Geofence.MAX_NAME_LENGTH
        || s.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidGeofenceException(
          "'name' must be a string of 1-"
              + Geofence.MAX_NAME_LENGTH
              + " characters without control characters");
    }
    return s;
  }

  private static FenceShape shape(JsonObject body, GeofenceLimits limits)
      throws InvalidGeofenceException {
    Object type = body.getValue("type");
    if ("circle".equals(type)) {
      return circle(body, limits);
    }
    if ("polygon".equals(type)) {
      return polygon(body, limits);
    }
    throw new InvalidGeofenceException(
        "'type' must be \"circle\" (with lat, lon, radius_m) or \"polygon\" (with points)");
  }

  private static Circle circle(JsonObject body, GeofenceLimits limits)
      throws InvalidGeofenceException {
    double lat = latitude(body, "lat");
    double lon = longitude(body, "lon");
    double radius = number(body, "radius_m");
    if (!(radius >= GeofenceLimits.MIN_RADIUS_METERS && radius <= limits.maxRadiusMeters())) {
      throw new InvalidGeofenceException(
          "'radius_m' "
              + radius
              + " must be between "
              + GeofenceLimits.MIN_RADIUS_METERS
              + " and "
              + limits.maxRadiusMeters()
              + " metres (BEACON_GEOFENCE_MAX_RADIUS_M)");
    }
    return new Circle(lat, lon, radius);
  }

  private static Polygon polygon(JsonObject body, GeofenceLimits limits)
      throws InvalidGeofenceException {
    if (!(body.getValue("points") instanceof JsonArray points)) {
      throw new InvalidGeofenceException(
          "'points' must be an array of {\"lat\":..,\"lon\":..} objects, the polygon's vertices");
    }
    if (points.size() > limits.maxVertices() + 1) {
      throw tooMany(points.size(), limits);
    }
    List<Vertex> ring = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      if (!(points.getValue(i) instanceof JsonObject point)) {
        throw new InvalidGeofenceException("'points[" + i + "]' must be {\"lat\":..,\"lon\":..}");
      }
      ring.add(
          new Vertex(
              latitude(point, "points[" + i + "].lat"), longitude(point, "points[" + i + "].lon")));
    }
    if (ring.size() > 1 && ring.get(0).equals(ring.get(ring.size() - 1))) {
      ring.remove(ring.size() - 1);
    }
    if (ring.size() < GeofenceLimits.MIN_VERTICES) {
      throw new InvalidGeofenceException(
          "a polygon needs at least "
              + GeofenceLimits.MIN_VERTICES
              + " distinct vertices in 'points', got "
              + ring.size());
    }
    if (ring.size() > limits.maxVertices()) {
      throw tooMany(ring.size(), limits);
    }
    checkAntimeridian(ring);
    checkPoles(ring);
    return new Polygon(ring);
  }

  private static InvalidGeofenceException tooMany(int size, GeofenceLimits limits) {
    return new InvalidGeofenceException(
        "a polygon has at most "
            + limits.maxVertices()
            + " vertices (BEACON_GEOFENCE_MAX_VERTICES), got "
            + size
            + "; simplify it");
  }

  private static void checkAntimeridian(List<Vertex> ring) throws InvalidGeofenceException {
    for (int i = 0; i < ring.size(); i++) {
      Vertex a = ring.get(i);
      Vertex b = ring.get((i + 1) % ring.size());
      if (Math.abs(a.lon() - b.lon()) > 180) {
        throw new InvalidGeofenceException(
            "the edge from points["
                + i
                + "] crosses the antimeridian (longitude 180), which polygons may not do;"
                + " split the area into two polygons, one each side");
      }
    }
  }

  /**
   * With no edge across the antimeridian, a ring cannot go around a pole on the plane of latitude
   * and longitude; what is left to refuse is a ring that reaches one, whose meaning would be
   * ambiguous.
   */
  private static void checkPoles(List<Vertex> ring) throws InvalidGeofenceException {
    for (Vertex v : ring) {
      if (Math.abs(v.lat()) == 90) {
        throw new InvalidGeofenceException(
            "the polygon reaches a pole, which is not supported; use a circle around the pole");
      }
    }
  }

  private static double latitude(JsonObject o, String field) throws InvalidGeofenceException {
    String leaf = field.substring(field.lastIndexOf('.') + 1);
    double lat = number(o, leaf, field);
    if (!(lat >= -90 && lat <= 90)) {
      throw new InvalidGeofenceException("'" + field + "' " + lat + " must be within -90..90");
    }
    return lat;
  }

  private static double longitude(JsonObject o, String field) throws InvalidGeofenceException {
    String leaf = field.substring(field.lastIndexOf('.') + 1);
    double lon = number(o, leaf, field);
    if (!(lon >= -180 && lon <= 180)) {
      throw new InvalidGeofenceException("'" + field + "' " + lon + " must be within -180..180");
    }
    return lon;
  }

  private static double number(JsonObject o, String field) throws InvalidGeofenceException {
    return number(o, field, field);
  }

  private static double number(JsonObject o, String key, String field)
      throws InvalidGeofenceException {
    if (!(o.getValue(key) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new InvalidGeofenceException("'" + field + "' must be a number");
    }
    return n.doubleValue();
  }
}

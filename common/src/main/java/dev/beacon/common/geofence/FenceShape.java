package dev.beacon.common.geofence;

import java.util.List;

/**
 * The area of a {@link Geofence}: a circle or a polygon, in WGS 84 degrees. A point on the boundary
 * is inside.
 *
 * <p>Limits, checked by {@link GeofenceJson}: a polygon may not cross the antimeridian (no edge
 * spans more than 180 degrees of longitude) and may not contain a pole, because the ray casting
 * works on the plane of latitude and longitude; its edges are straight lines on that plane, not
 * great circles, which differs noticeably only for edges of hundreds of kilometres. A circle is
 * judged by great-circle (haversine) distance on a sphere of the Earth's mean radius, within about
 * 0.5 % of the ellipsoid's distance.
 */
public sealed interface FenceShape {

  /** Whether the point at {@code lat}, {@code lon} (degrees) is inside or on the boundary. */
  boolean contains(double lat, double lon);

  /** A circle of {@code radiusMeters} around its centre. */
  record Circle(double lat, double lon, double radiusMeters) implements FenceShape {

    @Override
    public boolean contains(double lat, double lon) {
      return Haversine.meters(this.lat, this.lon, lat, lon) <= radiusMeters;
    }
  }

  /**
   * A polygon: at least 3 vertices, an open ring (the last vertex is joined to the first; a closing
   * vertex equal to the first is dropped when parsed).
   */
  record Polygon(List<Vertex> vertices) implements FenceShape {

    public Polygon {
      vertices = List.copyOf(vertices);
    }

    @Override
    public boolean contains(double lat, double lon) {
      return RayCasting.contains(vertices, lat, lon);
    }
  }

  /** One vertex of a polygon, in degrees. */
  record Vertex(double lat, double lon) {}
}

package dev.beacon.common.geofence;

import dev.beacon.common.geofence.FenceShape.Vertex;
import java.util.List;

/**
 * Point in polygon on the plane of longitude (x) and latitude (y): a ray cast towards growing
 * longitude crosses the boundary an odd number of times from inside. A point on an edge or a vertex
 * counts as inside, so that a device standing on the line is not flipped in and out by the rounding
 * of its coordinates.
 */
final class RayCasting {

  /** Degrees within which a point is taken to lie on an edge: about a millimetre. */
  private static final double ON_EDGE = 1e-8;

  private RayCasting() {}

  static boolean contains(List<Vertex> ring, double lat, double lon) {
    boolean inside = false;
    int n = ring.size();
    for (int i = 0, j = n - 1; i < n; j = i++) {
      Vertex a = ring.get(i);
      Vertex b = ring.get(j);
      if (onSegment(a, b, lat, lon)) {
        return true;
      }
      if ((a.lat() > lat) != (b.lat() > lat)) {
        double crossLon = a.lon() + (lat - a.lat()) * (b.lon() - a.lon()) / (b.lat() - a.lat());
        if (lon < crossLon) {
          inside = !inside;
        }
      }
    }
    return inside;
  }

  private static boolean onSegment(Vertex a, Vertex b, double lat, double lon) {
    double minLat = Math.min(a.lat(), b.lat()) - ON_EDGE;
    double maxLat = Math.max(a.lat(), b.lat()) + ON_EDGE;
    double minLon = Math.min(a.lon(), b.lon()) - ON_EDGE;
    double maxLon = Math.max(a.lon(), b.lon()) + ON_EDGE;
    if (lat < minLat || lat > maxLat || lon < minLon || lon > maxLon) {
      return false;
    }
    double dx = b.lon() - a.lon();
    double dy = b.lat() - a.lat();
    double length = Math.hypot(dx, dy);
    if (length == 0) {
      return true;
    }
    double cross = dx * (lat - a.lat()) - dy * (lon - a.lon());
    return Math.abs(cross) / length <= ON_EDGE;
  }
}

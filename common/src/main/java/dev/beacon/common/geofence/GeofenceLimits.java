package dev.beacon.common.geofence;

/**
 * Bounds of the geofences one deployment may hold, checked when a fence is made or changed.
 *
 * @param maxFences most fences at once ({@code BEACON_GEOFENCE_MAX_FENCES}): every stored fix is
 *     judged against each of them
 * @param maxVertices most vertices of one polygon ({@code BEACON_GEOFENCE_MAX_VERTICES})
 * @param maxRadiusMeters largest circle radius ({@code BEACON_GEOFENCE_MAX_RADIUS_M})
 */
public record GeofenceLimits(int maxFences, int maxVertices, double maxRadiusMeters) {

  public static final int DEFAULT_MAX_FENCES = 1_000;
  public static final int DEFAULT_MAX_VERTICES = 1_000;
  public static final double DEFAULT_MAX_RADIUS_METERS = 100_000;
  public static final int MIN_VERTICES = 3;
  public static final double MIN_RADIUS_METERS = 1;

  /** Ceilings of the knobs themselves. */
  public static final int CEILING_FENCES = 100_000;

  public static final int CEILING_VERTICES = 100_000;
  public static final double CEILING_RADIUS_METERS = 10_000_000;

  public GeofenceLimits {
    check(
        maxFences >= 1 && maxFences <= CEILING_FENCES,
        "most geofences " + maxFences + " is outside 1-" + CEILING_FENCES,
        "BEACON_GEOFENCE_MAX_FENCES",
        DEFAULT_MAX_FENCES);
    check(
        maxVertices >= MIN_VERTICES && maxVertices <= CEILING_VERTICES,
        "most polygon vertices " + maxVertices + " is outside 3-" + CEILING_VERTICES,
        "BEACON_GEOFENCE_MAX_VERTICES",
        DEFAULT_MAX_VERTICES);
    check(
        maxRadiusMeters >= MIN_RADIUS_METERS && maxRadiusMeters <= CEILING_RADIUS_METERS,
        "largest circle radius " + maxRadiusMeters + " m is outside 1-" + CEILING_RADIUS_METERS,
        "BEACON_GEOFENCE_MAX_RADIUS_M",
        DEFAULT_MAX_RADIUS_METERS);
  }

  public static GeofenceLimits defaults() {
    return new GeofenceLimits(DEFAULT_MAX_FENCES, DEFAULT_MAX_VERTICES, DEFAULT_MAX_RADIUS_METERS);
  }

  private static void check(boolean ok, String what, String knob, Object fallback) {
    if (!ok) {
      throw new IllegalArgumentException(what + "; set " + knob + " (default " + fallback + ")");
    }
  }
}

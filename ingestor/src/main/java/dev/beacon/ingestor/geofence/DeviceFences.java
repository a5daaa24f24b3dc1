package dev.beacon.ingestor.geofence;

import java.util.HashMap;
import java.util.Map;

/**
 * What the store knows of one device against the fences: the device timestamp of the newest fix
 * judged, and the fences it is inside (with the timestamp of the fix that entered each).
 */
final class DeviceFences {

  /** No fix judged yet. */
  static final long NEVER = Long.MIN_VALUE;

  long judgedTs;
  final Map<String, Long> inside;

  DeviceFences(long judgedTs, Map<String, Long> inside) {
    this.judgedTs = judgedTs;
    this.inside = new HashMap<>(inside);
  }

  static DeviceFences fresh() {
    return new DeviceFences(NEVER, Map.of());
  }
}

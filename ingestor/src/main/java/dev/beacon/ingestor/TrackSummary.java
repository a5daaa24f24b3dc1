package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One device's track in a time range, summed up: first and last fix, how many, and the distance
 * travelled, the great-circle (haversine) distance between consecutive fixes in stored order
 * (device time). Read in chunks of {@link TrackExport#CHUNK_ROWS}, so a long history is never held.
 */
final class TrackSummary {

  /** The mean Earth radius (IUGG), metres. */
  static final double EARTH_RADIUS_M = 6_371_008.8;

  private final String deviceId;
  private long fixes;
  private GpsFix first;
  private GpsFix last;
  private double distanceM;

  private TrackSummary(String deviceId) {
    this.deviceId = deviceId;
  }

  /** Reads {@code range} from {@code store} chunk by chunk. Blocking. */
  static TrackSummary of(SqliteFixStore store, PositionQuery range) {
    TrackSummary summary = new TrackSummary(range.deviceId());
    long from = range.fromMs();
    while (true) {
      List<GpsFix> chunk =
          store.positions(range.deviceId(), from, range.toMs(), TrackExport.CHUNK_ROWS);
      chunk.forEach(summary::add);
      if (chunk.size() < TrackExport.CHUNK_ROWS || summary.last.deviceTs() >= range.toMs()) {
        return summary;
      }
      from = summary.last.deviceTs() + 1;
    }
  }

  void add(GpsFix fix) {
    if (first == null) {
      first = fix;
    } else {
      distanceM += haversineMetres(last.lat(), last.lon(), fix.lat(), fix.lon());
    }
    last = fix;
    fixes++;
  }

  long fixes() {
    return fixes;
  }

  double distanceMetres() {
    return distanceM;
  }

  /**
   * {@code {device_id, fixes, first_seen, last_seen, first: {...}, last: {...}, distance_m}}; the
   * times and fixes are null for a range without fixes.
   */
  JsonObject toJson() {
    return new JsonObject()
        .put("device_id", deviceId)
        .put("fixes", fixes)
        .put("first_seen", first == null ? null : first.deviceTs())
        .put("last_seen", last == null ? null : last.deviceTs())
        .put("first", first == null ? null : FixJson.position(first))
        .put("last", last == null ? null : FixJson.position(last))
        .put("distance_m", Math.round(distanceM * 10) / 10.0);
  }

  /** The great-circle distance between two points, metres. */
  static double haversineMetres(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(lon2 - lon1);
    double a =
        Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
            + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1.0, Math.sqrt(a)));
  }
}

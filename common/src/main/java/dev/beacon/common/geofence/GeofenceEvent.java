package dev.beacon.common.geofence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A device crossing a geofence's boundary, as judged on one stored fix.
 *
 * @param id {@link #idOf}: the same crossing always gets the same id, so a replay, a rebuild or a
 *     second publication of it can be recognised
 * @param deviceId the device
 * @param fenceId the fence crossed
 * @param fenceName the fence's name when the fix was judged
 * @param kind enter or exit
 * @param deviceTs the fix's device timestamp (epoch milliseconds)
 * @param lat the fix's latitude
 * @param lon the fix's longitude
 * @param detectedAt when the ingestor judged it, epoch ms
 */
public record GeofenceEvent(
    String id,
    String deviceId,
    String fenceId,
    String fenceName,
    Kind kind,
    long deviceTs,
    double lat,
    double lon,
    long detectedAt) {

  /** Which way the boundary was crossed. */
  public enum Kind {
    ENTER("enter"),
    EXIT("exit");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Kind ofWire(String wire) {
      for (Kind kind : values()) {
        if (kind.wire.equals(wire)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("event '" + wire + "' is neither enter nor exit");
    }
  }

  /** An event with its deterministic id. */
  public static GeofenceEvent of(
      String deviceId,
      Geofence fence,
      Kind kind,
      long deviceTs,
      double lat,
      double lon,
      long detectedAt) {
    return new GeofenceEvent(
        idOf(deviceId, fence.id(), deviceTs, kind),
        deviceId,
        fence.id(),
        fence.name(),
        kind,
        deviceTs,
        lat,
        lon,
        detectedAt);
  }

  /**
   * {@code gfe-} and 24 hex characters of the SHA-256 of (device, fence, fix timestamp, kind): what
   * makes one crossing one event.
   */
  public static String idOf(String deviceId, String fenceId, long deviceTs, Kind kind) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String key = deviceId + '\0' + fenceId + '\0' + deviceTs + '\0' + kind.wire();
      byte[] digest = sha.digest(key.getBytes(StandardCharsets.UTF_8));
      return "gfe-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

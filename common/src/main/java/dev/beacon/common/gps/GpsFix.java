package dev.beacon.common.gps;

/**
 * One position report from a device: the unit that flows from the gateway through {@code
 * beacon.gps} into the store.
 *
 * <p>{@code deviceTs} is the device's own clock in epoch milliseconds; together with {@code
 * deviceId} it identifies the fix, so a fix sent twice (a device retry, a Kafka redelivery) is
 * stored once.
 *
 * @param deviceId validated device identifier, see {@link GpsLimits#deviceIdPattern()}
 * @param deviceTs device timestamp, epoch milliseconds
 * @param lat latitude in degrees, finite, within [-90, 90]
 * @param lon longitude in degrees, finite, within [-180, 180]
 * @param receivedAt gateway clock when the frame arrived, epoch milliseconds (0 when unknown)
 * @param gateway id of the gateway that accepted the fix (empty when unknown)
 * @param details speed, course, altitude, accuracy, battery and attributes, as far as the device
 *     reported them; {@link FixDetails#NONE} for the seed's four-field fix
 */
public record GpsFix(
    String deviceId,
    long deviceTs,
    double lat,
    double lon,
    long receivedAt,
    String gateway,
    FixDetails details) {

  public GpsFix {
    if (deviceId == null || gateway == null) {
      throw new IllegalArgumentException("deviceId and gateway must not be null");
    }
    if (details == null) {
      details = FixDetails.NONE;
    }
  }

  /** A position-only fix (the seed's four fields) as stamped by a gateway. */
  public GpsFix(
      String deviceId, long deviceTs, double lat, double lon, long receivedAt, String gateway) {
    this(deviceId, deviceTs, lat, lon, receivedAt, gateway, FixDetails.NONE);
  }

  /** A fix as parsed from a device, before a gateway has stamped it. */
  public static GpsFix of(String deviceId, long deviceTs, double lat, double lon) {
    return new GpsFix(deviceId, deviceTs, lat, lon, 0L, "", FixDetails.NONE);
  }

  /** A fix with details as parsed from a device, before a gateway has stamped it. */
  public static GpsFix of(
      String deviceId, long deviceTs, double lat, double lon, FixDetails details) {
    return new GpsFix(deviceId, deviceTs, lat, lon, 0L, "", details);
  }

  /** This fix as received by {@code gateway} at {@code receivedAt}. */
  public GpsFix receivedBy(String gateway, long receivedAt) {
    return new GpsFix(deviceId, deviceTs, lat, lon, receivedAt, gateway, details);
  }

  /** This fix with other details, the rest unchanged. */
  public GpsFix withDetails(FixDetails newDetails) {
    return new GpsFix(deviceId, deviceTs, lat, lon, receivedAt, gateway, newDetails);
  }
}

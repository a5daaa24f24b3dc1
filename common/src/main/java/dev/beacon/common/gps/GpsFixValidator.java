package dev.beacon.common.gps;

import java.util.concurrent.TimeUnit;

/**
 * Checks every field of a fix against {@link GpsLimits}. Shared by the CSV and JSON decoders so
 * both accept exactly the same fixes.
 *
 * <p>Timestamps below {@value #MILLIS_THRESHOLD} are read as epoch seconds (the original
 * simulator's format), larger ones as epoch milliseconds; 10^11 seconds is the year 5138, so no
 * real reading is ambiguous.
 */
public final class GpsFixValidator {

  /** Values at or above this are epoch milliseconds. */
  public static final long MILLIS_THRESHOLD = 100_000_000_000L;

  private final GpsLimits limits;
  private final long maxSkewMillis;

  public GpsFixValidator(GpsLimits limits) {
    this.limits = limits;
    this.maxSkewMillis = limits.maxFutureSkew().toMillis();
  }

  public GpsLimits limits() {
    return limits;
  }

  public String deviceId(String raw) throws InvalidFixException {
    if (raw.isEmpty()
        || raw.length() > limits.maxDeviceIdLength()
        || !limits.deviceIdPattern().matcher(raw).matches()) {
      throw new InvalidFixException(
          RejectReason.BAD_DEVICE_ID,
          "device id '" + abbreviate(raw) + "' must be " + limits.deviceIdRule());
    }
    return raw;
  }

  /**
   * Normalises a seconds or milliseconds timestamp to epoch milliseconds and checks the clock skew.
   */
  public long timestampMillis(long raw, long nowMillis) throws InvalidFixException {
    if (raw < 0) {
      throw new InvalidFixException(
          RejectReason.BAD_TIMESTAMP,
          "timestamp " + raw + " is negative; send epoch seconds or epoch milliseconds");
    }
    long millis = raw < MILLIS_THRESHOLD ? TimeUnit.SECONDS.toMillis(raw) : raw;
    if (millis - nowMillis > maxSkewMillis) {
      throw new InvalidFixException(
          RejectReason.TIMESTAMP_IN_FUTURE,
          "timestamp "
              + raw
              + " is "
              + (millis - nowMillis) / 1000
              + " s ahead of the server clock (limit "
              + maxSkewMillis / 1000
              + " s); check the device clock");
    }
    return millis;
  }

  public double latitude(double lat) throws InvalidFixException {
    if (!Double.isFinite(lat) || lat < -90.0 || lat > 90.0) {
      throw new InvalidFixException(
          RejectReason.LAT_OUT_OF_RANGE, "latitude " + lat + " is outside [-90, 90]");
    }
    return lat;
  }

  public double longitude(double lon) throws InvalidFixException {
    if (!Double.isFinite(lon) || lon < -180.0 || lon > 180.0) {
      throw new InvalidFixException(
          RejectReason.LON_OUT_OF_RANGE, "longitude " + lon + " is outside [-180, 180]");
    }
    return lon;
  }

  /** Validates an already-built fix, as the JSON decoder and the server API produce them. */
  public GpsFix validate(String deviceId, long rawTs, double lat, double lon, long nowMillis)
      throws InvalidFixException {
    return GpsFix.of(
        deviceId(deviceId), timestampMillis(rawTs, nowMillis), latitude(lat), longitude(lon));
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}

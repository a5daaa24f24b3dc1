package dev.beacon.common.gps;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Checks every field of a fix against {@link GpsLimits}. Shared by the CSV and JSON decoders so
 * both accept exactly the same fixes.
 *
 * <p>Timestamps below {@value #MILLIS_THRESHOLD} are read as epoch seconds (the original
 * simulator's format), larger ones as epoch milliseconds; 10^11 seconds is the year 5138, so no
 * real reading is ambiguous.
 *
 * <p>The details of a fix are each optional and, when present, must be finite and within the range
 * of what they measure: speed [0, {@value #MAX_SPEED}] m/s (3,600 km/h, above any airliner: more is
 * a sensor error), course [0, 360) degrees, altitude [{@value #MIN_ALTITUDE}, {@value
 * #MAX_ALTITUDE}] m (the deepest trench to the edge of space), accuracy [0, {@value #MAX_ACCURACY}]
 * m (a position from a cell or an IP address is kilometres wide, not thousands of kilometres),
 * battery [0, 100] %. Attributes are bounded by {@link FixDetailLimits}.
 */
public final class GpsFixValidator {

  /** Values at or above this are epoch milliseconds. */
  public static final long MILLIS_THRESHOLD = 100_000_000_000L;

  public static final double MAX_SPEED = 1_000.0;
  public static final double MIN_ALTITUDE = -12_000.0;
  public static final double MAX_ALTITUDE = 100_000.0;
  public static final double MAX_ACCURACY = 1_000_000.0;

  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

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
    return validate(deviceId, rawTs, lat, lon, FixDetails.NONE, nowMillis);
  }

  /** Validates a fix with details, as the tracker protocols decode them. */
  public GpsFix validate(
      String deviceId, long rawTs, double lat, double lon, FixDetails details, long nowMillis)
      throws InvalidFixException {
    return GpsFix.of(
        deviceId(deviceId),
        timestampMillis(rawTs, nowMillis),
        latitude(lat),
        longitude(lon),
        details(details));
  }

  /**
   * Checks everything a stored fix carries, whatever wrote it: the ingestor's check of a record
   * read from {@code beacon.gps}. The timestamp is not checked against a clock here.
   */
  public GpsFix check(GpsFix fix) throws InvalidFixException {
    deviceId(fix.deviceId());
    latitude(fix.lat());
    longitude(fix.lon());
    details(fix.details());
    return fix;
  }

  /** Checks each reported detail against its range and the attributes against their bounds. */
  public FixDetails details(FixDetails details) throws InvalidFixException {
    if (details.isEmpty()) {
      return FixDetails.NONE;
    }
    inRange(details.speed(), 0.0, MAX_SPEED, RejectReason.SPEED_OUT_OF_RANGE, "speed", "m/s");
    course(details.course());
    inRange(
        details.altitude(),
        MIN_ALTITUDE,
        MAX_ALTITUDE,
        RejectReason.ALTITUDE_OUT_OF_RANGE,
        "altitude",
        "m");
    inRange(
        details.accuracy(), 0.0, MAX_ACCURACY, RejectReason.ACCURACY_OUT_OF_RANGE, "accuracy", "m");
    inRange(details.battery(), 0.0, 100.0, RejectReason.BATTERY_OUT_OF_RANGE, "battery", "%");
    attributes(details.attributes());
    return details;
  }

  private static void course(Double course) throws InvalidFixException {
    if (course != null && !(Double.isFinite(course) && course >= 0.0 && course < 360.0)) {
      throw new InvalidFixException(
          RejectReason.COURSE_OUT_OF_RANGE,
          "course "
              + course
              + " is outside [0, 360) degrees; send the heading clockwise from north");
    }
  }

  private static void inRange(
      Double value, double min, double max, RejectReason reason, String what, String unit)
      throws InvalidFixException {
    if (value != null && !(Double.isFinite(value) && value >= min && value <= max)) {
      throw new InvalidFixException(
          reason,
          what
              + " "
              + value
              + " is outside ["
              + plain(min)
              + ", "
              + plain(max)
              + "] "
              + unit
              + "; leave it out when the device does not know it");
    }
  }

  private void attributes(Map<String, Object> attributes) throws InvalidFixException {
    FixDetailLimits bounds = limits.details();
    if (attributes.size() > bounds.maxAttributes()) {
      throw new InvalidFixException(
          RejectReason.TOO_MANY_ATTRIBUTES,
          attributes.size()
              + " attributes exceed the limit of "
              + bounds.maxAttributes()
              + "; send only the ones you need");
    }
    for (Map.Entry<String, Object> entry : attributes.entrySet()) {
      String name = entry.getKey();
      if (name == null
          || name.isEmpty()
          || name.length() > bounds.maxNameLength()
          || !ATTRIBUTE_NAME.matcher(name).matches()) {
        throw new InvalidFixException(
            RejectReason.BAD_ATTRIBUTE,
            "attribute name '"
                + (name == null ? "null" : abbreviate(name))
                + "' must be "
                + bounds.nameRule());
      }
      attributeValue(name, entry.getValue(), bounds);
    }
  }

  private static void attributeValue(String name, Object value, FixDetailLimits bounds)
      throws InvalidFixException {
    if (value instanceof String s) {
      if (s.length() > bounds.maxValueLength()) {
        throw new InvalidFixException(
            RejectReason.BAD_ATTRIBUTE,
            "attribute '"
                + name
                + "' has a value of "
                + s.length()
                + " characters, more than the limit of "
                + bounds.maxValueLength());
      }
    } else if (value instanceof Double || value instanceof Float) {
      if (!Double.isFinite(((Number) value).doubleValue())) {
        throw new InvalidFixException(
            RejectReason.BAD_ATTRIBUTE, "attribute '" + name + "' is " + value + ", not finite");
      }
    } else if (!(value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Boolean)) {
      throw new InvalidFixException(
          RejectReason.BAD_ATTRIBUTE,
          "attribute '"
              + name
              + "' must be a string, a number (at most 64-bit) or a boolean, got "
              + (value == null ? "null" : abbreviate(String.valueOf(value))));
    }
  }

  private static String plain(double bound) {
    return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}

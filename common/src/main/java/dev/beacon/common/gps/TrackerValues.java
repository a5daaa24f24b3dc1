package dev.beacon.common.gps;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The value rules the tracker decoders share: numbers and timestamps as trackers write them in
 * query strings and JSON, each failure a {@link InvalidFixException} naming the field.
 */
final class TrackerValues {

  /** Metres per second in one knot (1852 m per hour). */
  static final double METRES_PER_SECOND_PER_KNOT = 1852.0 / 3600.0;

  /** Metres per second in one km/h. */
  static final double METRES_PER_SECOND_PER_KMH = 1.0 / 3.6;

  /** A plain decimal: no hex, no {@code NaN}, no {@code Infinity}, no type suffix. */
  private static final Pattern DECIMAL =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private static final Pattern WHOLE = Pattern.compile("\\d{1,18}");

  private static final DateTimeFormatter SPACED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private TrackerValues() {}

  /**
   * A fix from a tracker's fields, every one checked by {@code validator} ({@link
   * GpsFixValidator#validate(String, long, double, double, FixDetails, long)}): the id, the time
   * (skew), the position and the details' ranges and bounds.
   */
  static GpsFix fix(
      GpsFixValidator validator,
      String deviceId,
      long rawMillis,
      double lat,
      double lon,
      FixDetails details,
      long nowMillis)
      throws InvalidFixException {
    return validator.validate(deviceId, rawMillis, lat, lon, details, nowMillis);
  }

  /** A decimal written as text; {@code bad_number} naming {@code field} otherwise. */
  static double decimal(String field, String text) throws InvalidFixException {
    String value = text == null ? "" : text.strip();
    if (!DECIMAL.matcher(value).matches()) {
      throw new InvalidFixException(
          RejectReason.BAD_NUMBER,
          "'"
              + field
              + "' must be a decimal number, got '"
              + GpsFixValidator.abbreviate(value)
              + "'");
    }
    return Double.parseDouble(value);
  }

  /** A JSON member that must be a number when present; null when absent. */
  static Double number(String field, Object value) throws InvalidFixException {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      return decimal(field, s);
    }
    throw new InvalidFixException(
        RejectReason.BAD_NUMBER,
        "'" + field + "' must be a number, got " + GpsFixValidator.abbreviate(value.toString()));
  }

  /**
   * A tracker's timestamp in epoch milliseconds before the skew check: whole epoch seconds or
   * milliseconds (told apart as {@link GpsFixValidator} does), ISO 8601 with an offset ({@code
   * 2026-12-07T04:11:32Z}, {@code 2026-12-07T05:11:32.250+01:00}) or {@code yyyy-MM-dd HH:mm:ss}
   * read as UTC, the forms Traccar's OsmAnd decoder takes.
   */
  static long timestamp(String field, String text) throws InvalidFixException {
    String value = text == null ? "" : text.strip();
    if (value.isEmpty()) {
      throw new InvalidFixException(
          RejectReason.BAD_TIMESTAMP,
          "'"
              + field
              + "' is missing; send the fix time as epoch seconds, epoch milliseconds or ISO 8601"
              + " (a fix without its own time could not be told from its repeat)");
    }
    if (WHOLE.matcher(value).matches()) {
      long raw = Long.parseLong(value);
      return raw < GpsFixValidator.MILLIS_THRESHOLD ? raw * 1000 : raw;
    }
    try {
      if (value.indexOf('T') > 0) {
        return OffsetDateTime.parse(value).toInstant().toEpochMilli();
      }
      return LocalDateTime.parse(value, SPACED).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new InvalidFixException(
          RejectReason.BAD_TIMESTAMP,
          "'"
              + field
              + "' must be epoch seconds, epoch milliseconds or ISO 8601 such as"
              + " 2026-12-07T04:11:32Z, got '"
              + GpsFixValidator.abbreviate(value)
              + "'");
    }
  }
}

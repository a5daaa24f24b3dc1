package dev.beacon.common.gps;

/**
 * How much a device may say beside its position: the bounds of a fix's {@code attributes}, which
 * every fix carries through Kafka, SQLite and every live delivery, so one device cannot make each
 * of them hold an unbounded map. Set from {@code BEACON_FIX_MAX_ATTRIBUTES}, {@code
 * BEACON_FIX_MAX_ATTRIBUTE_NAME_LENGTH} and {@code BEACON_FIX_MAX_ATTRIBUTE_VALUE_LENGTH}.
 *
 * <p>The ranges of speed, course, altitude, accuracy and battery are facts of the quantities, not
 * limits, and live in {@link GpsFixValidator}.
 *
 * @param maxAttributes most entries in {@code attributes}
 * @param maxNameLength longest attribute name, in characters
 * @param maxValueLength longest string value of an attribute, in characters
 */
public record FixDetailLimits(int maxAttributes, int maxNameLength, int maxValueLength) {

  public static final int DEFAULT_MAX_ATTRIBUTES = 16;
  public static final int DEFAULT_MAX_NAME_LENGTH = 32;
  public static final int DEFAULT_MAX_VALUE_LENGTH = 128;

  /** The room the five detail numbers may take in a JSON {@code gps} message, in characters. */
  static final int DETAIL_NUMBERS_ALLOWANCE = 5 * 40;

  /** Quotes, colon and comma around one attribute in JSON. */
  private static final int ATTRIBUTE_SYNTAX = 6;

  public FixDetailLimits {
    if (maxAttributes < 0 || maxAttributes > 1024) {
      throw new IllegalArgumentException(
          "maxAttributes must be within [0, 1024], got " + maxAttributes);
    }
    if (maxNameLength < 1 || maxNameLength > 256) {
      throw new IllegalArgumentException(
          "maxNameLength must be within [1, 256], got " + maxNameLength);
    }
    if (maxValueLength < 0 || maxValueLength > 4096) {
      throw new IllegalArgumentException(
          "maxValueLength must be within [0, 4096], got " + maxValueLength);
    }
  }

  /**
   * The widest bounds a deployment may set: what a reader of {@code beacon.gps} checks a record
   * against, since the gateway that wrote it may have been configured wider than the default.
   */
  public static final FixDetailLimits CEILING = new FixDetailLimits(1024, 256, 4096);

  public static FixDetailLimits defaults() {
    return new FixDetailLimits(
        DEFAULT_MAX_ATTRIBUTES, DEFAULT_MAX_NAME_LENGTH, DEFAULT_MAX_VALUE_LENGTH);
  }

  /**
   * How many characters the details of a fix may add to a JSON message beyond a position-only fix:
   * the five numbers and the attributes at their bounds, each string value counted twice so that
   * its escapes fit.
   */
  public int jsonAllowance() {
    return DETAIL_NUMBERS_ALLOWANCE
        + maxAttributes * (maxNameLength + 2 * maxValueLength + ATTRIBUTE_SYNTAX);
  }

  /** The attribute name rule in words, for error messages and docs. */
  public String nameRule() {
    return "1-" + maxNameLength + " characters of A-Z a-z 0-9 _ . -, starting with a letter or _";
  }
}

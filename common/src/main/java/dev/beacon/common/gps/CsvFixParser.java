package dev.beacon.common.gps;

/**
 * Decodes the original simulator's device line {@code deviceId,epochSeconds,lat,lon}, for example
 * {@code 32,1681593747,44.8159745,20.4601243}, and its extended form with up to five more
 * positional fields {@code speed,course,altitude,accuracy,battery} (m/s, degrees, m, m, %), for
 * example {@code 32,1681593747,44.8159745,20.4601243,12.5,270,118,4.5,87}. An empty or absent field
 * is a detail the device did not report: {@code 32,1681593747,44.81,20.46,,,,,55} reports only the
 * battery.
 *
 * <p>Stricter than {@link Double#parseDouble} where that is too lenient (hex floats, {@code NaN},
 * {@code Infinity}, type suffixes such as {@code 1d}) and more lenient than the original server's
 * regex, which rejected every southern or western fix and every longitude of 100 or more. Fields
 * may carry surrounding spaces; four to nine fields are required. Attributes have no place in a CSV
 * line: they take the JSON {@code gps} message.
 */
public final class CsvFixParser {

  /** The fields of the seed's line. */
  static final int POSITION_FIELDS = 4;

  /** The names of the optional fields after the position, in order. */
  static final String[] DETAIL_FIELDS = {"speed", "course", "altitude", "accuracy", "battery"};

  static final int MAX_FIELDS = POSITION_FIELDS + DETAIL_FIELDS.length;

  static final String FORMAT =
      "deviceId,epochSeconds,lat,lon[,speed,course,altitude,accuracy,battery]";

  private final GpsFixValidator validator;

  public CsvFixParser(GpsFixValidator validator) {
    this.validator = validator;
  }

  public GpsFix parse(String line, long nowMillis) throws InvalidFixException {
    int max = validator.limits().maxLineLength();
    if (line.length() > max) {
      throw new InvalidFixException(
          RejectReason.LINE_TOO_LONG,
          "line of " + line.length() + " characters exceeds the limit of " + max);
    }
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      throw new InvalidFixException(
          RejectReason.EMPTY_FRAME, "empty frame; send deviceId,epochSeconds,lat,lon");
    }
    String[] fields = new String[MAX_FIELDS];
    int count = split(trimmed, fields);
    String deviceId = validator.deviceId(fields[0]);
    long ts = validator.timestampMillis(parseTimestamp(fields[1]), nowMillis);
    double lat = validator.latitude(parseDecimal(fields[2], "latitude"));
    double lon = validator.longitude(parseDecimal(fields[3], "longitude"));
    if (count == POSITION_FIELDS) {
      return GpsFix.of(deviceId, ts, lat, lon);
    }
    Double[] values = new Double[DETAIL_FIELDS.length];
    for (int i = POSITION_FIELDS; i < count; i++) {
      values[i - POSITION_FIELDS] = optionalDecimal(fields[i], DETAIL_FIELDS[i - POSITION_FIELDS]);
    }
    FixDetails details =
        FixDetails.builder()
            .speed(values[0])
            .course(values[1])
            .altitude(values[2])
            .accuracy(values[3])
            .battery(values[4])
            .build();
    return GpsFix.of(deviceId, ts, lat, lon, validator.details(details));
  }

  /** Splits into {@code fields} and returns how many there are. */
  private static int split(String line, String[] fields) throws InvalidFixException {
    int count = 0;
    int start = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == ',') {
        if (count == MAX_FIELDS) {
          throw badFormat(line);
        }
        fields[count++] = line.substring(start, i).strip();
        start = i + 1;
      }
    }
    if (count < POSITION_FIELDS) {
      throw badFormat(line);
    }
    return count;
  }

  private static InvalidFixException badFormat(String line) {
    int commas = (int) line.chars().filter(c -> c == ',').count();
    return new InvalidFixException(
        RejectReason.BAD_FORMAT,
        "expected "
            + POSITION_FIELDS
            + " to "
            + MAX_FIELDS
            + " comma-separated fields "
            + FORMAT
            + ", got "
            + (commas + 1));
  }

  private static Double optionalDecimal(String field, String what) throws InvalidFixException {
    return field.isEmpty() ? null : parseDecimal(field, what);
  }

  static long parseTimestamp(String field) throws InvalidFixException {
    if (field.isEmpty()
        || field.length() > 18
        || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidFixException(
          RejectReason.BAD_TIMESTAMP,
          "timestamp '"
              + GpsFixValidator.abbreviate(field)
              + "' must be whole epoch seconds or epoch milliseconds");
    }
    return Long.parseLong(field);
  }

  /** Parses {@code [+-]digits[.digits][(e|E)[+-]digits]}; nothing else is a coordinate. */
  static double parseDecimal(String field, String what) throws InvalidFixException {
    if (!isPlainDecimal(field)) {
      throw new InvalidFixException(
          RejectReason.BAD_NUMBER,
          what + " '" + GpsFixValidator.abbreviate(field) + "' is not a decimal number");
    }
    return Double.parseDouble(field);
  }

  static boolean isPlainDecimal(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int intDigits = digits(s, i);
    i += intDigits;
    int fracDigits = 0;
    if (i < n && s.charAt(i) == '.') {
      fracDigits = digits(s, ++i);
      i += fracDigits;
    }
    if (intDigits + fracDigits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = digits(s, i);
      if (expDigits == 0) {
        return false;
      }
      i += expDigits;
    }
    return i == n;
  }

  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }
}

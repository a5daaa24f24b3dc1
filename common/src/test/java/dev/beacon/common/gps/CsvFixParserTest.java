package dev.beacon.common.gps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("CsvFixParser")
class CsvFixParserTest {

  /** A whole second, so second and millisecond timestamps can hit the skew limit exactly. */
  static final long NOW = 1_700_000_000_000L;

  static final long SKEW_MS = 300_000L; // GpsLimits.DEFAULT_MAX_FUTURE_SKEW, checked below

  private final CsvFixParser parser = new CsvFixParser(new GpsFixValidator(GpsLimits.defaults()));

  private GpsFix parse(String line) throws InvalidFixException {
    return parser.parse(line, NOW);
  }

  /** Parses a line that must be rejected, and checks the describe() contract on every rejection. */
  private InvalidFixException reject(String line) {
    return rejectWith(parser, line);
  }

  private static InvalidFixException rejectWith(CsvFixParser parser, String line) {
    InvalidFixException e =
        assertThrows(
            InvalidFixException.class,
            () -> parser.parse(line, NOW),
            () -> "expected a rejection of '" + line + "'");
    assertThat(e.reason()).isNotNull();
    assertThat(e.getMessage()).isNotBlank();
    assertThat(e.describe()).isEqualTo(e.reason().code() + ": " + e.getMessage());
    return e;
  }

  private static String line(String deviceId, String ts, String lat, String lon) {
    return deviceId + "," + ts + "," + lat + "," + lon;
  }

  @Nested
  @DisplayName("accepts")
  class Accepts {

    @Test
    @DisplayName(
        "the original simulator line, reading the timestamp as epoch seconds and keeping lat/lon exact")
    void simulatorLine() throws InvalidFixException {
      GpsFix fix = parse("32,1681593747,44.8159745,20.4601243");

      assertThat(fix.deviceId()).isEqualTo("32");
      assertThat(fix.deviceTs()).isEqualTo(1_681_593_747_000L);
      assertThat(fix.lat()).isEqualTo(44.8159745);
      assertThat(fix.lon()).isEqualTo(20.4601243);
      assertThat(fix.receivedAt()).isZero();
      assertThat(fix.gateway()).isEmpty();
    }

    @ParameterizedTest(name = "ts {0} -> {1} ms")
    @CsvSource({
      "1681593747123, 1681593747123",
      "1681593747000, 1681593747000",
      // 10^11 is the first value read as milliseconds (1973-03-03), one below is read as seconds
      "100000000000,  100000000000",
      "99999999,      99999999000",
      "0,             0",
    })
    @DisplayName("millisecond timestamps as they are and second timestamps multiplied by 1000")
    void timestampUnits(String raw, long expectedMillis) throws InvalidFixException {
      assertThat(parse(line("32", raw, "1", "2")).deviceTs()).isEqualTo(expectedMillis);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
      "-33.8688197,  151.2092955", // Sydney: southern, |lon| >= 100
      "-34.6037232,  -58.3815931", // Buenos Aires: southern and western
      "40.7127753,   -74.0059728", // New York: western
      "21.3069444,   -157.8583333", // Honolulu: western, |lon| >= 100
      "-36.8484597,  174.7633315", // Auckland
      "64.1465,      -100",
      "0.5,          100.0",
      "-0.0000001,   -179.9999999",
    })
    @DisplayName(
        "southern and western coordinates and longitudes of 100 or more, which the old regex rejected")
    void everyHemisphere(String lat, String lon) throws InvalidFixException {
      GpsFix fix = parse(line("32", "1681593747", lat, lon));

      assertThat(fix.lat()).isEqualTo(Double.parseDouble(lat));
      assertThat(fix.lon()).isEqualTo(Double.parseDouble(lon));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
      "-90, -180",
      "90,  180",
      "-90.0, 180.0",
      "90.000, -180.000",
      "+90, +180",
      "9e1, 1.8E2",
    })
    @DisplayName("coordinates exactly on the -90/90 and -180/180 boundaries")
    void boundaries(String lat, String lon) throws InvalidFixException {
      GpsFix fix = parse(line("32", "1681593747", lat, lon));

      assertThat(Math.abs(fix.lat())).isEqualTo(90.0);
      assertThat(Math.abs(fix.lon())).isEqualTo(180.0);
      assertThat(fix.lat()).isEqualTo(Double.parseDouble(lat));
      assertThat(fix.lon()).isEqualTo(Double.parseDouble(lon));
    }

    @ParameterizedTest(name = "\"{0}\" = {1}")
    @CsvSource({
      "+44.5,    44.5",
      ".5,       0.5",
      "5.,       5.0",
      "-.25,     -0.25",
      "4.48e1,   44.8",
      "1E-7,     0.0000001",
      "1e+1,     10",
      "007,      7",
    })
    @DisplayName("every plain decimal form: sign, missing integer or fraction part, exponent")
    void plainDecimalForms(String raw, double expected) throws InvalidFixException {
      GpsFix fix = parse(line("32", "1681593747", raw, raw));

      assertThat(fix.lat()).isEqualTo(expected);
      assertThat(fix.lon()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(
        strings = {
          " 32 , 1681593747 , 44.8159745 , 20.4601243 ",
          "32,  1681593747,44.8159745,   20.4601243",
          "\t32\t,\t1681593747\t,\t44.8159745\t,\t20.4601243\t",
          "32,1681593747,44.8159745,20.4601243\n",
          "32,1681593747,44.8159745,20.4601243\r\n",
          "  32,1681593747,44.8159745,20.4601243  \n",
        })
    @DisplayName("spaces around fields and a trailing line break")
    void surroundingWhitespace(String raw) throws InvalidFixException {
      assertThat(parse(raw)).isEqualTo(GpsFix.of("32", 1_681_593_747_000L, 44.8159745, 20.4601243));
    }

    @Test
    @DisplayName("a line of exactly the maximum length")
    void lineOfMaximumLength() throws InvalidFixException {
      String base = "32,1681593747,44.8159745,20.4601243";
      String padded = base + " ".repeat(GpsLimits.DEFAULT_MAX_LINE_LENGTH - base.length());
      assertThat(padded).hasSize(GpsLimits.DEFAULT_MAX_LINE_LENGTH);

      assertThat(parse(padded).deviceId()).isEqualTo("32");
      assertThat(reject(padded + " ").reason()).isEqualTo(RejectReason.LINE_TOO_LONG);
    }

    @Test
    @DisplayName("a device id of exactly the maximum length, using every allowed character")
    void deviceIdOfMaximumLength() throws InvalidFixException {
      String allowed = "ABCXYZabcxyz0189._:-";
      String id = allowed.repeat(4).substring(0, GpsLimits.DEFAULT_MAX_DEVICE_ID_LENGTH);
      assertThat(id).hasSize(64);

      assertThat(parse(line(id, "1681593747", "1", "2")).deviceId()).isEqualTo(id);
    }

    @Test
    @DisplayName(
        "a device id of exactly a configured maximum length, and rejects one character more")
    void configuredDeviceIdLength() throws InvalidFixException {
      CsvFixParser strict =
          new CsvFixParser(
              new GpsFixValidator(
                  new GpsLimits(
                      GpsLimits.DEFAULT_MAX_LINE_LENGTH, 8, GpsLimits.DEFAULT_MAX_FUTURE_SKEW)));

      assertThat(strict.parse(line("abcdefgh", "1681593747", "1", "2"), NOW).deviceId())
          .isEqualTo("abcdefgh");
      InvalidFixException e = rejectWith(strict, line("abcdefghi", "1681593747", "1", "2"));
      assertThat(e.reason()).isEqualTo(RejectReason.BAD_DEVICE_ID);
      assertThat(e.getMessage()).contains("1-8 characters");
    }
  }

  @Nested
  @DisplayName("rejects coordinates")
  class Coordinates {

    @ParameterizedTest(name = "lat {0}")
    @ValueSource(strings = {"90.0000001", "-90.0000001", "91", "-91", "180", "1e3"})
    @DisplayName("latitude just beyond [-90, 90] with lat_out_of_range")
    void latitudeOutOfRange(String lat) {
      InvalidFixException e = reject(line("32", "1681593747", lat, "20"));

      assertThat(e.reason()).isEqualTo(RejectReason.LAT_OUT_OF_RANGE);
      assertThat(e.describe()).startsWith("lat_out_of_range: ");
      assertThat(e.getMessage()).contains("latitude", "[-90, 90]");
    }

    @ParameterizedTest(name = "lon {0}")
    @ValueSource(strings = {"180.0000001", "-180.0000001", "181", "-181", "360"})
    @DisplayName("longitude just beyond [-180, 180] with lon_out_of_range")
    void longitudeOutOfRange(String lon) {
      InvalidFixException e = reject(line("32", "1681593747", "44", lon));

      assertThat(e.reason()).isEqualTo(RejectReason.LON_OUT_OF_RANGE);
      assertThat(e.describe()).startsWith("lon_out_of_range: ");
      assertThat(e.getMessage()).contains("longitude", "[-180, 180]");
    }

    static Stream<Arguments> nonDecimals() {
      // null: a well-formed decimal that overflows to Infinity, rejected as out of range
      Object[][] cases = {
        {"NaN", RejectReason.BAD_NUMBER},
        {"-NaN", RejectReason.BAD_NUMBER},
        {"Infinity", RejectReason.BAD_NUMBER},
        {"-Infinity", RejectReason.BAD_NUMBER},
        {"0x1p3", RejectReason.BAD_NUMBER},
        {"0x10", RejectReason.BAD_NUMBER},
        {"1d", RejectReason.BAD_NUMBER},
        {"2f", RejectReason.BAD_NUMBER},
        {"2.5D", RejectReason.BAD_NUMBER},
        {"1e", RejectReason.BAD_NUMBER},
        {"1e+", RejectReason.BAD_NUMBER},
        {".", RejectReason.BAD_NUMBER},
        {"-", RejectReason.BAD_NUMBER},
        {"+-1", RejectReason.BAD_NUMBER},
        {"1..2", RejectReason.BAD_NUMBER},
        {"1.2.3", RejectReason.BAD_NUMBER},
        {"1_0", RejectReason.BAD_NUMBER},
        {"1 0", RejectReason.BAD_NUMBER},
        {"\u0664\u0664", RejectReason.BAD_NUMBER}, // Arabic-Indic digits
        {"1e400", null},
        {"-1e400", null},
      };
      return Stream.of(cases)
          .flatMap(
              c ->
                  Stream.of(
                      Arguments.of(
                          "latitude", c[0], c[1] == null ? RejectReason.LAT_OUT_OF_RANGE : c[1]),
                      Arguments.of(
                          "longitude", c[0], c[1] == null ? RejectReason.LON_OUT_OF_RANGE : c[1])));
    }

    @ParameterizedTest(name = "{0} \"{1}\" -> {2}")
    @MethodSource("nonDecimals")
    @DisplayName(
        "anything Double.parseDouble would take that is not a plain finite decimal, naming the field")
    void nonDecimal(String field, String raw, RejectReason expected) {
      String lat = field.equals("latitude") ? raw : "44";
      String lon = field.equals("longitude") ? raw : "20";

      InvalidFixException e = reject(line("32", "1681593747", lat, lon));

      assertThat(e.reason()).isEqualTo(expected);
      assertThat(e.getMessage()).startsWith(field + " ");
    }

    @Test
    @DisplayName("an overflowing exponent as out of range, reporting the value it became")
    void overflowIsOutOfRange() {
      InvalidFixException e = reject("32,1681593747,1e400,20");

      assertThat(e.describe())
          .isEqualTo("lat_out_of_range: latitude Infinity is outside [-90, 90]");
    }
  }

  @Nested
  @DisplayName("rejects the frame shape")
  class Shape {

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", " ", "   ", "\t", "\n", "\r\n", " \t \r\n "})
    @DisplayName("an empty or whitespace-only line with empty_frame")
    void emptyFrame(String raw) {
      InvalidFixException e = reject(raw);

      assertThat(e.reason()).isEqualTo(RejectReason.EMPTY_FRAME);
      assertThat(e.getMessage()).contains("deviceId,epochSeconds,lat,lon");
    }

    @ParameterizedTest(name = "\"{0}\" has {1} fields")
    @CsvSource(
        delimiter = '|',
        value = {
          "32                                  | 1",
          "32,1681593747,44.8159745            | 3",
          "32,1681593747,44.8,20.4,1,2,3,4,5,6 | 10",
          "32,1681593747,44.8,20.4,,,,,,       | 10",
        })
    @DisplayName("a wrong number of fields with bad_format, stating the count found")
    void wrongFieldCount(String raw, int count) {
      InvalidFixException e = reject(raw);

      assertThat(e.reason()).isEqualTo(RejectReason.BAD_FORMAT);
      assertThat(e.getMessage()).contains("expected 4 to 9").endsWith("got " + count);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          ",1681593747,44.8,20.4   | BAD_DEVICE_ID | device id",
          " ,1681593747,44.8,20.4  | BAD_DEVICE_ID | device id",
          "32,,44.8,20.4           | BAD_TIMESTAMP | timestamp",
          "32, ,44.8,20.4          | BAD_TIMESTAMP | timestamp",
          "32,1681593747,,20.4     | BAD_NUMBER    | latitude",
          "32,1681593747,44.8,     | BAD_NUMBER    | longitude",
          "',,,'                   | BAD_DEVICE_ID | device id",
        })
    @DisplayName("an empty field with the reason of that field")
    void emptyField(String raw, RejectReason expected, String field) {
      InvalidFixException e = reject(raw);

      assertThat(e.reason()).isEqualTo(expected);
      assertThat(e.getMessage()).startsWith(field);
    }

    @Test
    @DisplayName("a 1 MB line with line_too_long without looking at its content")
    void hugeLine() {
      String huge = "32,1681593747,44.8159745,20.4601243" + ",1".repeat(512 * 1024);
      assertThat(huge.length()).isGreaterThan(1024 * 1024);

      InvalidFixException e = assertTimeoutPreemptively(Duration.ofMillis(500), () -> reject(huge));

      assertThat(e.reason()).isEqualTo(RejectReason.LINE_TOO_LONG);
      assertThat(e.getMessage()).contains(String.valueOf(huge.length()), "256");
    }

    @Test
    @DisplayName("a 1 MB line of whitespace as too long rather than empty")
    void hugeBlankLine() {
      InvalidFixException e = reject(" ".repeat(1024 * 1024));

      assertThat(e.reason()).isEqualTo(RejectReason.LINE_TOO_LONG);
    }
  }

  @Nested
  @DisplayName("rejects device ids")
  class DeviceIds {

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(
        strings = {
          "a b",
          "a\"b",
          "a'b",
          "a;b",
          "32;DROP",
          "a/b",
          "a\\b",
          "a<b>",
          "a=b",
          "a\tb",
          "a\u0000b",
          "dév",
          "日本",
          "\u00A032",
          "😀",
          "32\u200B",
        })
    @DisplayName("with a character outside A-Z a-z 0-9 . _ : - with bad_device_id")
    void illegalCharacters(String id) {
      InvalidFixException e = reject(line(id, "1681593747", "44.8", "20.4"));

      assertThat(e.reason()).isEqualTo(RejectReason.BAD_DEVICE_ID);
      assertThat(e.getMessage())
          .contains("device id '" + id + "'", "1-64 characters of A-Z a-z 0-9 . _ : -");
    }

    @Test
    @DisplayName("one character longer than the maximum with bad_device_id")
    void tooLong() {
      InvalidFixException e = reject(line("d".repeat(65), "1681593747", "44.8", "20.4"));

      assertThat(e.reason()).isEqualTo(RejectReason.BAD_DEVICE_ID);
      assertThat(e.getMessage()).contains("1-64 characters");
    }

    @Test
    @DisplayName("and abbreviates a long one in the message")
    void abbreviatesLongIds() {
      String id = "x".repeat(200);

      InvalidFixException e = reject(line(id, "1681593747", "44.8", "20.4"));

      assertThat(e.getMessage())
          .contains("'" + "x".repeat(40) + "...'")
          .doesNotContain("x".repeat(41));
    }
  }

  @Nested
  @DisplayName("rejects timestamps")
  class Timestamps {

    @Test
    @DisplayName("(the skew used below is the default limit of five minutes)")
    void skewConstant() {
      assertThat(GpsLimits.DEFAULT_MAX_FUTURE_SKEW.toMillis()).isEqualTo(SKEW_MS);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(
        strings = {
          "-1",
          "-1681593747",
          "+1681593747",
          "abc",
          "1681593747.5",
          "1681593747.0",
          "1.6e9",
          "0x10",
          "1681 593747",
          "١٢٣",
          "1681593747s",
          "1234567890123456789",
          "9223372036854775807",
          "9223372036854775808",
          "123456789012345678901234567890",
        })
    @DisplayName("that are not 1-18 ASCII digits with bad_timestamp, never an unchecked exception")
    void malformed(String ts) {
      InvalidFixException e = reject(line("32", ts, "44.8", "20.4"));

      assertThat(e.reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
      assertThat(e.getMessage())
          .startsWith("timestamp '")
          .contains("epoch seconds or epoch milliseconds");
    }

    @Test
    @DisplayName("the largest 18-digit value parses and is then too far in the future")
    void eighteenDigits() {
      InvalidFixException e = reject(line("32", "999999999999999999", "44.8", "20.4"));

      assertThat(e.reason()).isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        longs = {
          NOW + SKEW_MS + 1,
          NOW / 1000 + SKEW_MS / 1000 + 1,
          NOW + 86_400_000L,
          99_999_999_999L, // just below the milliseconds threshold: read as seconds, i.e. the year
          // 5138
        })
    @DisplayName("beyond the allowed skew ahead of the server clock with timestamp_in_future")
    void inTheFuture(long ts) {
      InvalidFixException e = reject(line("32", Long.toString(ts), "44.8", "20.4"));

      assertThat(e.reason()).isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
      assertThat(e.getMessage()).contains("ahead of the server clock", "limit 300 s");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {NOW + SKEW_MS, NOW / 1000 + SKEW_MS / 1000, NOW, NOW - 1})
    @DisplayName("but accepts a timestamp exactly at the skew limit or earlier")
    void atTheSkewLimit(long ts) throws InvalidFixException {
      long expected = ts < GpsFixValidator.MILLIS_THRESHOLD ? ts * 1000 : ts;

      assertThat(parse(line("32", Long.toString(ts), "44.8", "20.4")).deviceTs())
          .isEqualTo(expected);
    }

    @Test
    @DisplayName("with a zero skew, anything after now")
    void zeroSkew() throws InvalidFixException {
      CsvFixParser strict =
          new CsvFixParser(
              new GpsFixValidator(
                  new GpsLimits(
                      GpsLimits.DEFAULT_MAX_LINE_LENGTH,
                      GpsLimits.DEFAULT_MAX_DEVICE_ID_LENGTH,
                      Duration.ZERO)));

      assertThat(strict.parse(line("32", Long.toString(NOW), "1", "2"), NOW).deviceTs())
          .isEqualTo(NOW);
      assertThat(rejectWith(strict, line("32", Long.toString(NOW + 1), "1", "2")).reason())
          .isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
    }
  }

  @Nested
  @DisplayName("describes every rejection")
  class Describe {

    static Stream<Arguments> oneLinePerReason() {
      return Stream.of(
          Arguments.of("", RejectReason.EMPTY_FRAME),
          Arguments.of("x".repeat(300), RejectReason.LINE_TOO_LONG),
          Arguments.of("32,1", RejectReason.BAD_FORMAT),
          Arguments.of("a b,1681593747,1,2", RejectReason.BAD_DEVICE_ID),
          Arguments.of("32,-5,1,2", RejectReason.BAD_TIMESTAMP),
          Arguments.of("32,99999999999,1,2", RejectReason.TIMESTAMP_IN_FUTURE),
          Arguments.of("32,1681593747,NaN,2", RejectReason.BAD_NUMBER),
          Arguments.of("32,1681593747,-90.5,2", RejectReason.LAT_OUT_OF_RANGE),
          Arguments.of("32,1681593747,1,-180.5", RejectReason.LON_OUT_OF_RANGE),
          Arguments.of("32,1681593747,1,2,-1", RejectReason.SPEED_OUT_OF_RANGE),
          Arguments.of("32,1681593747,1,2,,360", RejectReason.COURSE_OUT_OF_RANGE),
          Arguments.of("32,1681593747,1,2,,,1e6", RejectReason.ALTITUDE_OUT_OF_RANGE),
          Arguments.of("32,1681593747,1,2,,,,-2", RejectReason.ACCURACY_OUT_OF_RANGE),
          Arguments.of("32,1681593747,1,2,,,,,101", RejectReason.BATTERY_OUT_OF_RANGE));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("oneLinePerReason")
    @DisplayName("as its reason code, a colon and a space, then the message")
    void describeStartsWithCode(String raw, RejectReason expected) {
      InvalidFixException e = reject(raw);

      assertThat(e.reason()).isEqualTo(expected);
      assertThat(e.describe()).startsWith(expected.code() + ": ");
      assertThat(e.describe().substring(expected.code().length() + 2))
          .isEqualTo(e.getMessage())
          .isNotBlank();
    }

    @Test
    @DisplayName(
        "and the CSV parser can produce every reject reason but the attributes' (JSON only)")
    void everyReasonIsReachable() {
      Set<RejectReason> seen = EnumSet.noneOf(RejectReason.class);
      oneLinePerReason().forEach(args -> seen.add(reject((String) args.get()[0]).reason()));

      assertThat(seen)
          .isEqualTo(
              EnumSet.complementOf(
                  EnumSet.of(RejectReason.TOO_MANY_ATTRIBUTES, RejectReason.BAD_ATTRIBUTE)));
    }

    @Test
    @DisplayName("with stable lower-case codes and no stack trace")
    void codesAndStackTrace() {
      assertThat(RejectReason.values())
          .extracting(RejectReason::code)
          .allMatch(code -> code.matches("[a-z_]+"))
          .doesNotHaveDuplicates();
      assertThat(reject("32,1").getStackTrace()).isEmpty();
    }
  }
}

package dev.beacon.common.gps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("JsonFixDecoder")
class JsonFixDecoderTest {

  static final long NOW = 1_700_000_000_000L;

  private final GpsFixValidator validator = new GpsFixValidator(GpsLimits.defaults());
  private final JsonFixDecoder decoder = new JsonFixDecoder(validator);
  private final CsvFixParser csv = new CsvFixParser(validator);

  /** A valid gps message as a client sends it; tests change one field at a time. */
  private static JsonObject message() {
    return new JsonObject(
        "{\"type\":\"gps\",\"id\":\"m1\",\"device_id\":\"32\",\"ts\":1681593747,"
            + "\"lat\":44.8159745,\"lon\":20.4601243}");
  }

  private InvalidFixException reject(JsonObject message) {
    InvalidFixException e =
        assertThrows(
            InvalidFixException.class,
            () -> decoder.decode(message, NOW),
            () -> "expected a rejection of " + message.encode());
    assertThat(e.describe()).isEqualTo(e.reason().code() + ": " + e.getMessage());
    return e;
  }

  @Test
  @DisplayName("decodes a valid message, ignoring type and id, with the timestamp in epoch seconds")
  void validMessage() throws InvalidFixException {
    assertThat(decoder.decode(message(), NOW))
        .isEqualTo(GpsFix.of("32", 1_681_593_747_000L, 44.8159745, 20.4601243));
  }

  @Test
  @DisplayName("decodes a timestamp in epoch milliseconds, southern and western coordinates")
  void millisecondsAndNegativeCoordinates() throws InvalidFixException {
    JsonObject m =
        message().put("ts", 1_681_593_747_123L).put("lat", -33.8688197).put("lon", -151.2092955);

    assertThat(decoder.decode(m, NOW))
        .isEqualTo(GpsFix.of("32", 1_681_593_747_123L, -33.8688197, -151.2092955));
  }

  @Test
  @DisplayName("accepts whole-number coordinates")
  void integerCoordinates() throws InvalidFixException {
    GpsFix fix =
        decoder.decode(
            new JsonObject("{\"device_id\":\"a\",\"ts\":1681593747,\"lat\":-90,\"lon\":180}"), NOW);

    assertThat(fix.lat()).isEqualTo(-90.0);
    assertThat(fix.lon()).isEqualTo(180.0);
  }

  @ParameterizedTest(name = "device_id {0} -> \"{1}\"")
  @CsvSource({
    "32, 32",
    "0, 0",
    "12345678901, 12345678901",
  })
  @DisplayName("accepts a numeric device_id as its decimal string")
  void numericDeviceId(long id, String expected) throws InvalidFixException {
    JsonObject m =
        new JsonObject("{\"device_id\":" + id + ",\"ts\":1681593747,\"lat\":1,\"lon\":2}");

    assertThat(decoder.decode(m, NOW).deviceId()).isEqualTo(expected);
  }

  static Stream<Arguments> nonStringDeviceIds() {
    return Stream.of(
        Arguments.of(32.5),
        Arguments.of(true),
        Arguments.of(new JsonObject().put("a", 1)),
        Arguments.of(new JsonArray().add("32")));
  }

  @ParameterizedTest(name = "device_id {0}")
  @MethodSource("nonStringDeviceIds")
  @DisplayName("rejects a device_id that is neither a string nor a whole number with bad_device_id")
  void nonStringDeviceId(Object id) {
    InvalidFixException e = reject(message().put("device_id", id));

    assertThat(e.reason()).isEqualTo(RejectReason.BAD_DEVICE_ID);
    assertThat(e.getMessage()).contains("'device_id'", "a string");
  }

  @ParameterizedTest(name = "device_id \"{0}\"")
  @ValueSource(strings = {"", "a b", "a;b", "dév", "a\"b"})
  @DisplayName("validates a string device_id like the CSV parser does")
  void invalidDeviceId(String id) {
    InvalidFixException e = reject(message().put("device_id", id));

    assertThat(e.reason()).isEqualTo(RejectReason.BAD_DEVICE_ID);
    assertThat(e.getMessage()).startsWith("device id '");
  }

  @Test
  @DisplayName("rejects a device_id longer than the limit with bad_device_id")
  void deviceIdTooLong() throws InvalidFixException {
    assertThat(decoder.decode(message().put("device_id", "d".repeat(64)), NOW).deviceId())
        .hasSize(64);
    assertThat(reject(message().put("device_id", "d".repeat(65))).reason())
        .isEqualTo(RejectReason.BAD_DEVICE_ID);
  }

  static Stream<Arguments> nonIntegerTimestamps() {
    return Stream.of(
        Arguments.of(1681593747.0, "1.681593747E9"),
        Arguments.of(1681593747.5, "1.6815937475E9"),
        Arguments.of("1681593747", "1681593747"),
        Arguments.of("", ""),
        Arguments.of(true, "true"),
        Arguments.of(new JsonArray().add(1681593747), "[1681593747]"));
  }

  @ParameterizedTest(name = "ts {0}")
  @MethodSource("nonIntegerTimestamps")
  @DisplayName(
      "rejects a ts that is a float, a string or anything but a whole number with bad_timestamp")
  void nonIntegerTimestamp(Object ts, String shown) {
    InvalidFixException e = reject(message().put("ts", ts));

    assertThat(e.reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
    assertThat(e.getMessage())
        .contains("'ts'", "whole epoch seconds or epoch milliseconds")
        .endsWith("got " + shown);
  }

  @Test
  @DisplayName("rejects a ts too large for a long with bad_timestamp")
  void hugeTimestamp() {
    JsonObject m =
        new JsonObject("{\"device_id\":\"32\",\"ts\":99999999999999999999,\"lat\":1,\"lon\":2}");

    assertThat(reject(m).reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
  }

  @ParameterizedTest(name = "ts {0} -> {1}")
  @CsvSource({
    "-1,                  BAD_TIMESTAMP",
    "-1681593747,         BAD_TIMESTAMP",
    "1700000301,          TIMESTAMP_IN_FUTURE",
    "1700000300001,       TIMESTAMP_IN_FUTURE",
    "999999999999999999,  TIMESTAMP_IN_FUTURE",
  })
  @DisplayName("rejects a negative or future ts with the same reason as the CSV parser")
  void timestampChecksSharedWithCsv(long ts, RejectReason expected) {
    InvalidFixException json = reject(message().put("ts", ts));
    InvalidFixException line =
        assertThrows(
            InvalidFixException.class, () -> csv.parse("32," + ts + ",44.8159745,20.4601243", NOW));

    assertThat(json.reason()).isEqualTo(expected).isEqualTo(line.reason());
  }

  @Test
  @DisplayName("reads Long.MAX_VALUE as a timestamp far in the future, without overflow")
  void largestLongTimestamp() {
    // the CSV parser stops at 18 digits (bad_timestamp); JSON hands over a parsed long
    InvalidFixException e = reject(message().put("ts", Long.MAX_VALUE));

    assertThat(e.reason()).isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
    assertThat(e.getMessage()).startsWith("timestamp " + Long.MAX_VALUE + " is ").contains("ahead");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "lat, '44.8'",
    "lon, '20.4'",
    "lat, ''",
  })
  @DisplayName("rejects a coordinate sent as a string with bad_number, naming the field")
  void coordinateAsString(String field, String value) {
    InvalidFixException e = reject(message().put(field, value));

    assertThat(e.reason()).isEqualTo(RejectReason.BAD_NUMBER);
    assertThat(e.getMessage()).contains("'" + field + "'", "a number");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lat", "lon"})
  @DisplayName("rejects a coordinate that is a boolean or an object with bad_number")
  void coordinateOfOtherType(String field) {
    assertThat(reject(message().put(field, true)).reason()).isEqualTo(RejectReason.BAD_NUMBER);
    assertThat(reject(message().put(field, new JsonObject())).reason())
        .isEqualTo(RejectReason.BAD_NUMBER);
  }

  @ParameterizedTest(name = "without {0}")
  @CsvSource({
    "device_id, BAD_FORMAT",
    "lat,       BAD_FORMAT",
    "lon,       BAD_FORMAT",
    "ts,        BAD_FORMAT",
  })
  @DisplayName("rejects a message missing a field, saying which field and that nothing was sent")
  void missingField(String field, RejectReason expected) {
    JsonObject m = message();
    m.remove(field);

    InvalidFixException e = reject(m);

    assertThat(e.reason()).isEqualTo(expected);
    assertThat(e.getMessage()).contains("'" + field + "'").endsWith("got nothing");
  }

  @ParameterizedTest(name = "{0}: null")
  @CsvSource({"device_id, BAD_FORMAT", "lat, BAD_FORMAT", "lon, BAD_FORMAT", "ts, BAD_FORMAT"})
  @DisplayName("treats an explicit null like a missing field")
  void nullField(String field, RejectReason expected) {
    InvalidFixException e = reject(message().putNull(field));

    assertThat(e.reason()).isEqualTo(expected);
    assertThat(e.getMessage()).endsWith("got nothing");
  }

  @Test
  @DisplayName("rejects an empty object with bad_format for device_id")
  void emptyObject() {
    InvalidFixException e = reject(new JsonObject());

    assertThat(e.describe())
        .isEqualTo("bad_format: field 'device_id' must be a string, got nothing");
  }

  @ParameterizedTest(name = "lat {0}, lon {1}")
  @CsvSource({
    "90,           180",
    "-90,          -180",
    "0,            0",
    "-33.8688197,  151.2092955",
    "90.0000001,   0",
    "-90.0000001,  0",
    "0,            180.0000001",
    "0,            -180.0000001",
    "1e400,        0",
    "0,            -1e400",
    "91,           181",
  })
  @DisplayName("applies exactly the same range checks as the CSV parser")
  void rangeChecksSharedWithCsv(String lat, String lon) throws InvalidFixException {
    String csvLine = "32,1681593747," + lat + "," + lon;
    JsonObject m =
        new JsonObject(
            "{\"device_id\":\"32\",\"ts\":1681593747,\"lat\":" + lat + ",\"lon\":" + lon + "}");

    Object fromCsv = outcome(() -> csv.parse(csvLine, NOW));
    Object fromJson = outcome(() -> decoder.decode(m, NOW));

    assertThat(fromJson).isEqualTo(fromCsv);
    boolean inRange =
        Math.abs(Double.parseDouble(lat)) <= 90 && Math.abs(Double.parseDouble(lon)) <= 180;
    if (inRange) {
      assertThat(fromJson).isInstanceOf(GpsFix.class);
    } else {
      assertThat(fromJson).isIn(RejectReason.LAT_OUT_OF_RANGE, RejectReason.LON_OUT_OF_RANGE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  @DisplayName("rejects a non-finite coordinate put into a message by code")
  void nonFinite(double value) {
    assertThat(reject(message().put("lat", value)).reason())
        .isEqualTo(RejectReason.LAT_OUT_OF_RANGE);
    assertThat(reject(message().put("lon", value)).reason())
        .isEqualTo(RejectReason.LON_OUT_OF_RANGE);
  }

  private interface Decode {
    GpsFix run() throws InvalidFixException;
  }

  /** The decoded fix, or the reason it was rejected. */
  private static Object outcome(Decode decode) {
    try {
      return decode.run();
    } catch (InvalidFixException e) {
      return e.reason();
    }
  }
}

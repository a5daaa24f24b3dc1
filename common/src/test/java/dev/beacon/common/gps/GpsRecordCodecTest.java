package dev.beacon.common.gps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("GpsRecordCodec")
class GpsRecordCodecTest {

  private static final GpsFix SIMULATOR_FIX =
      GpsFix.of("32", 1_681_593_747_000L, 44.8159745, 20.4601243)
          .receivedBy("gw-1", 1_700_000_000_123L);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A complete, valid version-1 value with the given fields replaced. */
  private static byte[] value(String replacements) {
    JsonObject json = new JsonObject(text(GpsRecordCodec.encode(SIMULATOR_FIX)));
    json.mergeIn(new JsonObject(replacements));
    return utf8(json.encode());
  }

  static Stream<GpsFix> fixes() {
    return Stream.of(
        SIMULATOR_FIX,
        GpsFix.of("32", 1_681_593_747_000L, 44.8159745, 20.4601243),
        new GpsFix(
            "tracker-7", 1_681_593_747_123L, -33.868819723456789, -151.20929551234567, 1L, "gw-2"),
        new GpsFix("a", 0L, 1e-7, -1e-7, 0L, ""),
        new GpsFix("b", 1L, 4.9e-324, -2.2250738585072014E-308, 0L, "g"),
        new GpsFix("c", 9_007_199_254_740_993L, 90.0, -180.0, Long.MAX_VALUE, "edge"),
        new GpsFix("d", 1_681_593_747_000L, -90.0, 180.0, 1_700_000_000_000L, "gw"),
        new GpsFix("e", 1_681_593_747_000L, 0.0, -0.0, 0L, "gw"),
        new GpsFix("f", 1_681_593_747_000L, 0.1 + 0.2, 1.0 / 3, 0L, "gw"),
        new GpsFix(
            "A.b_c:d-0", 1_681_593_747_000L, 12.3456789012345, -98.7654321098765, 42L, "gw-é-日本"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixes")
  @DisplayName("decode(encode(fix)) gives back exactly the same fix, every field bit for bit")
  void roundTrip(GpsFix fix) {
    GpsFix back = GpsRecordCodec.decode(GpsRecordCodec.encode(fix));

    assertThat(back).isEqualTo(fix);
    assertThat(Double.doubleToRawLongBits(back.lat()))
        .isEqualTo(Double.doubleToRawLongBits(fix.lat()));
    assertThat(Double.doubleToRawLongBits(back.lon()))
        .isEqualTo(Double.doubleToRawLongBits(fix.lon()));
    assertThat(back.deviceTs()).isEqualTo(fix.deviceTs());
    assertThat(back.receivedAt()).isEqualTo(fix.receivedAt());
    assertThat(back.gateway()).isEqualTo(fix.gateway());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixes")
  @DisplayName("encodes a valid JSON object with \"v\":1 and exactly the documented fields")
  void validJson(GpsFix fix) {
    JsonObject json = new JsonObject(text(GpsRecordCodec.encode(fix)));

    assertThat(json.fieldNames())
        .containsExactlyInAnyOrder("v", "device_id", "ts", "lat", "lon", "received_at", "gateway");
    assertThat(json.getValue("v")).isEqualTo(1);
    assertThat(json.getString("device_id")).isEqualTo(fix.deviceId());
    assertThat(json.getLong("ts")).isEqualTo(fix.deviceTs());
    assertThat(json.getDouble("lat")).isEqualTo(fix.lat());
    assertThat(json.getDouble("lon")).isEqualTo(fix.lon());
    assertThat(json.getLong("received_at")).isEqualTo(fix.receivedAt());
    assertThat(json.getString("gateway")).isEqualTo(fix.gateway());
  }

  @Test
  @DisplayName("encodes the documented example byte for byte")
  void documentedExample() {
    assertThat(text(GpsRecordCodec.encode(SIMULATOR_FIX)))
        .isEqualTo(
            "{\"v\":1,\"device_id\":\"32\",\"ts\":1681593747000,\"lat\":44.8159745,\"lon\":20.4601243,"
                + "\"received_at\":1700000000123,\"gateway\":\"gw-1\"}");
  }

  @ParameterizedTest(name = "device {0}")
  @ValueSource(strings = {"32", "tracker-42:a", "A.b_c"})
  @DisplayName("uses the device id in UTF-8 as the record key")
  void key(String deviceId) {
    GpsFix fix = GpsFix.of(deviceId, 1L, 1, 2);

    assertThat(GpsRecordCodec.key(fix)).isEqualTo(utf8(deviceId));
    assertThat(GpsRecordCodec.key(fix))
        .isEqualTo(utf8(GpsRecordCodec.decode(GpsRecordCodec.encode(fix)).deviceId()));
  }

  @ParameterizedTest(name = "gateway {0}")
  @ValueSource(
      strings = {
        "gw\"1",
        "gw\\1",
        "\"",
        "\\",
        "\\\"",
        "gw\n1",
        "tab\there",
        "ctl\u0001\u001f",
        "\"},\"v\":2,\"x\":\""
      })
  @DisplayName(
      "escapes a gateway id with quotes, backslashes or control characters so it round-trips")
  void gatewayNeedingEscapes(String gateway) {
    GpsFix fix = SIMULATOR_FIX.receivedBy(gateway, 5L);
    byte[] encoded = GpsRecordCodec.encode(fix);

    JsonObject json = new JsonObject(text(encoded));
    assertThat(json.getString("gateway")).isEqualTo(gateway);
    assertThat(json.getInteger("v")).isEqualTo(1);
    assertThat(GpsRecordCodec.decode(encoded)).isEqualTo(fix);
  }

  @Test
  @DisplayName("decodes a value without received_at and gateway as unknown (0 and empty)")
  void optionalFields() {
    GpsFix fix =
        GpsRecordCodec.decode(
            utf8("{\"v\":1,\"device_id\":\"32\",\"ts\":5,\"lat\":1.5,\"lon\":-2}"));

    assertThat(fix).isEqualTo(new GpsFix("32", 5L, 1.5, -2.0, 0L, ""));
  }

  @Test
  @DisplayName("ignores unknown fields, so fields can be added without a version bump")
  void unknownFields() {
    GpsFix fix = GpsRecordCodec.decode(value("{\"sats\":12,\"extra\":{\"a\":[1,2]}}"));

    assertThat(fix).isEqualTo(SIMULATOR_FIX);
  }

  @Test
  @DisplayName("writes a position-only fix as version 1, so version-1 readers keep reading it")
  void positionOnlyIsVersionOne() {
    assertThat(new JsonObject(text(GpsRecordCodec.encode(SIMULATOR_FIX))).getInteger("v"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("writes a fix with details as version 2 and reads every detail back")
  void detailsRoundTrip() {
    FixDetails details =
        FixDetails.builder()
            .speed(12.5)
            .course(270.0)
            .altitude(-3.25)
            .accuracy(4.0)
            .battery(87.0)
            .attribute("motion", "driving")
            .attribute("odometer", 123456L)
            .attribute("charge", true)
            .attribute("temp", 21.5)
            .build();
    GpsFix fix = SIMULATOR_FIX.withDetails(details);

    byte[] value = GpsRecordCodec.encode(fix);

    assertThat(new JsonObject(text(value)).getInteger("v")).isEqualTo(2);
    assertThat(GpsRecordCodec.decode(value)).isEqualTo(fix);
  }

  @Test
  @DisplayName("reads a version-2 fix that reports only some details")
  void partialDetails() {
    GpsFix fix =
        GpsRecordCodec.decode(
            utf8(
                "{\"v\":2,\"device_id\":\"a\",\"ts\":1000,\"lat\":1,\"lon\":2,"
                    + "\"battery\":50,\"attributes\":{\"event\":\"sos\"}}"));

    assertThat(fix.details().battery()).isEqualTo(50.0);
    assertThat(fix.details().speed()).isNull();
    assertThat(fix.details().attributes()).containsExactly(Map.entry("event", "sos"));
  }

  @Test
  @DisplayName("rejects attributes that are not flat strings, numbers and booleans")
  void nestedAttributes() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                GpsRecordCodec.decode(
                    utf8(
                        "{\"v\":2,\"device_id\":\"a\",\"ts\":1000,\"lat\":1,\"lon\":2,"
                            + "\"attributes\":{\"x\":[1]}}")))
        .withMessageContaining("attribute 'x' must be a string, number or boolean");
  }

  @Test
  @DisplayName("rejects a missing value with IllegalArgumentException")
  void nullValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GpsRecordCodec.decode(null))
        .withMessage("record has no value");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {"", "not json", "{", "{\"v\":1,", "[1,2]", "[]", "\"text\"", "42", "null", "true"})
  @DisplayName("rejects a value that is not a JSON object, saying so")
  void notAnObject(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GpsRecordCodec.decode(utf8(value)))
        .withMessageStartingWith("value is not a JSON object");
  }

  @ParameterizedTest(name = "v {0}")
  @CsvSource({"0, 0", "3, 3", "-1, -1"})
  @DisplayName("rejects another schema version, naming the version found and expected")
  void wrongVersion(String v, String shown) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GpsRecordCodec.decode(value("{\"v\":" + v + "}")))
        .withMessage("unsupported schema version " + shown + ", expected 1 to 2");
  }

  @Test
  @DisplayName("rejects a value without a version")
  void missingVersion() {
    JsonObject json = new JsonObject(text(GpsRecordCodec.encode(SIMULATOR_FIX)));
    json.remove("v");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> GpsRecordCodec.decode(utf8(json.encode())))
        .withMessage("unsupported schema version null, expected 1 to 2");
  }

  @ParameterizedTest(name = "without {0}")
  @ValueSource(strings = {"device_id", "ts", "lat", "lon"})
  @DisplayName("rejects a value missing a required field, listing the required fields")
  void missingField(String field) {
    JsonObject json = new JsonObject(text(GpsRecordCodec.encode(SIMULATOR_FIX)));
    json.remove(field);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> GpsRecordCodec.decode(utf8(json.encode())))
        .withMessage("missing one of device_id, ts, lat, lon")
        .withMessageContaining(field);
  }

  @Test
  @DisplayName("rejects an empty device_id as missing")
  void emptyDeviceId() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GpsRecordCodec.decode(value("{\"device_id\":\"\"}")))
        .withMessageContaining("device_id");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"v\":\"1\"}           | v",
        "{\"ts\":\"x\"}          | ts",
        "{\"lat\":\"44.8\"}      | lat",
        "{\"lon\":true}          | lon",
        "{\"received_at\":\"x\"} | received_at",
        "{\"ts\":[1]}            | ts",
      })
  @DisplayName(
      "rejects a field of the wrong type with IllegalArgumentException naming it, not ClassCastException")
  void wrongType(String replacement, String field) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GpsRecordCodec.decode(value(replacement)))
        .withMessageStartingWith("field '" + field + "' must be a number");
  }
}

package dev.beacon.common.gps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The details of a fix: their ranges, the extended CSV line and the JSON gps message. */
@DisplayName("Fix details")
class FixDetailsDecodingTest {

  static final long NOW = 1_700_000_000_000L;

  private final GpsFixValidator validator = new GpsFixValidator(GpsLimits.defaults());
  private final CsvFixParser csv = new CsvFixParser(validator);
  private final JsonFixDecoder json = new JsonFixDecoder(validator);

  private static JsonObject message() {
    return new JsonObject()
        .put("type", "gps")
        .put("device_id", "32")
        .put("ts", 1_681_593_747L)
        .put("lat", 44.8159745)
        .put("lon", 20.4601243);
  }

  private InvalidFixException rejectJson(JsonObject message) {
    return org.junit.jupiter.api.Assertions.assertThrows(
        InvalidFixException.class, () -> json.decode(message, NOW), message::encode);
  }

  private InvalidFixException rejectCsv(String line) {
    return org.junit.jupiter.api.Assertions.assertThrows(
        InvalidFixException.class, () -> csv.parse(line, NOW), () -> line);
  }

  @Nested
  @DisplayName("the extended CSV line")
  class Csv {

    @Test
    @DisplayName("reads speed, course, altitude, accuracy and battery after the position")
    void allFields() throws InvalidFixException {
      GpsFix fix = csv.parse("32,1681593747,44.8159745,20.4601243,12.5,270,118.2,4.5,87", NOW);

      assertThat(fix.details())
          .isEqualTo(
              FixDetails.builder()
                  .speed(12.5)
                  .course(270.0)
                  .altitude(118.2)
                  .accuracy(4.5)
                  .battery(87.0)
                  .build());
      assertThat(fix.lat()).isEqualTo(44.8159745);
    }

    @Test
    @DisplayName("takes empty and absent fields as not reported, and the seed's line as no details")
    void emptyFields() throws InvalidFixException {
      assertThat(csv.parse("32,1681593747,44.81,20.46,,,,,55", NOW).details())
          .isEqualTo(FixDetails.builder().battery(55.0).build());
      assertThat(csv.parse("32,1681593747,44.81,20.46,3", NOW).details())
          .isEqualTo(FixDetails.builder().speed(3.0).build());
      assertThat(csv.parse("32,1681593747,44.81,20.46, , ", NOW).details())
          .isSameAs(FixDetails.NONE);
      assertThat(csv.parse("32,1681593747,44.8159745,20.4601243", NOW))
          .isEqualTo(GpsFix.of("32", 1_681_593_747_000L, 44.8159745, 20.4601243));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "32,1681593747,44.8,20.4,-1         | SPEED_OUT_OF_RANGE",
          "32,1681593747,44.8,20.4,1000.5     | SPEED_OUT_OF_RANGE",
          "32,1681593747,44.8,20.4,NaN        | BAD_NUMBER",
          "32,1681593747,44.8,20.4,1e400      | SPEED_OUT_OF_RANGE",
          "32,1681593747,44.8,20.4,,360       | COURSE_OUT_OF_RANGE",
          "32,1681593747,44.8,20.4,,-0.5      | COURSE_OUT_OF_RANGE",
          "32,1681593747,44.8,20.4,,,-12001   | ALTITUDE_OUT_OF_RANGE",
          "32,1681593747,44.8,20.4,,,100001   | ALTITUDE_OUT_OF_RANGE",
          "32,1681593747,44.8,20.4,,,,-1      | ACCURACY_OUT_OF_RANGE",
          "32,1681593747,44.8,20.4,,,,,100.1  | BATTERY_OUT_OF_RANGE",
          "32,1681593747,44.8,20.4,,,,,-3     | BATTERY_OUT_OF_RANGE",
          "32,1681593747,44.8,20.4,,,,,fifty  | BAD_NUMBER",
          "32,1681593747,44.8,20.4,0x10       | BAD_NUMBER",
        })
    @DisplayName("refuses a detail outside its range or not a decimal, naming the field")
    void outOfRange(String line, RejectReason expected) {
      InvalidFixException e = rejectCsv(line);

      assertThat(e.reason()).isEqualTo(expected);
    }

    @Test
    @DisplayName("keeps the boundaries of each range")
    void boundaries() throws InvalidFixException {
      FixDetails details = csv.parse("32,1681593747,44.8,20.4,0,0,-12000,0,0", NOW).details();
      assertThat(details.speed()).isZero();
      FixDetails top =
          csv.parse("32,1681593747,44.8,20.4,1000,359.99,100000,1e6,100", NOW).details();
      assertThat(top.battery()).isEqualTo(100.0);
      assertThat(top.course()).isEqualTo(359.99);
    }
  }

  @Nested
  @DisplayName("the JSON gps message")
  class Json {

    @Test
    @DisplayName("reads every detail and the attributes in their order")
    void everything() throws InvalidFixException {
      JsonObject m =
          message()
              .put("speed", 3.5)
              .put("course", 90)
              .put("altitude", -20.5)
              .put("accuracy", 12)
              .put("battery", 64.5)
              .put(
                  "attributes",
                  new JsonObject().put("motion", true).put("odometer", 12345).put("event", "sos"));

      FixDetails details = json.decode(m, NOW).details();

      assertThat(details.speed()).isEqualTo(3.5);
      assertThat(details.course()).isEqualTo(90.0);
      assertThat(details.altitude()).isEqualTo(-20.5);
      assertThat(details.accuracy()).isEqualTo(12.0);
      assertThat(details.battery()).isEqualTo(64.5);
      assertThat(details.attributes())
          .containsExactly(
              Map.entry("motion", true), Map.entry("odometer", 12345L), Map.entry("event", "sos"));
    }

    @Test
    @DisplayName("takes null details as not reported and a message without them as the seed's fix")
    void nullsAndNone() throws InvalidFixException {
      JsonObject m = message().putNull("speed").putNull("attributes");

      assertThat(json.decode(m, NOW).details()).isSameAs(FixDetails.NONE);
      assertThat(json.decode(message(), NOW).details()).isSameAs(FixDetails.NONE);
    }

    @Test
    @DisplayName("refuses each detail out of range with its own code")
    void ranges() {
      assertThat(rejectJson(message().put("speed", -0.1)).reason())
          .isEqualTo(RejectReason.SPEED_OUT_OF_RANGE);
      assertThat(rejectJson(message().put("course", 360)).reason())
          .isEqualTo(RejectReason.COURSE_OUT_OF_RANGE);
      assertThat(rejectJson(message().put("altitude", 1e9)).reason())
          .isEqualTo(RejectReason.ALTITUDE_OUT_OF_RANGE);
      assertThat(rejectJson(message().put("accuracy", -1)).reason())
          .isEqualTo(RejectReason.ACCURACY_OUT_OF_RANGE);
      InvalidFixException battery = rejectJson(message().put("battery", 101));
      assertThat(battery.reason()).isEqualTo(RejectReason.BATTERY_OUT_OF_RANGE);
      assertThat(battery.getMessage())
          .isEqualTo(
              "battery 101.0 is outside [0, 100] %; leave it out when the device does not know it");
      assertThat(rejectJson(message().put("speed", "fast")).reason())
          .isEqualTo(RejectReason.BAD_NUMBER);
    }

    @Test
    @DisplayName("refuses non-finite numbers, which a Java caller can build")
    void nonFinite() {
      assertThatThrownBy(() -> validator.details(FixDetails.builder().speed(Double.NaN).build()))
          .isInstanceOfSatisfying(
              InvalidFixException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectReason.SPEED_OUT_OF_RANGE));
      assertThatThrownBy(
              () ->
                  validator.details(
                      FixDetails.builder().altitude(Double.NEGATIVE_INFINITY).build()))
          .isInstanceOfSatisfying(
              InvalidFixException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectReason.ALTITUDE_OUT_OF_RANGE));
      assertThatThrownBy(
              () ->
                  validator.details(
                      FixDetails.builder().attribute("x", Double.POSITIVE_INFINITY).build()))
          .isInstanceOfSatisfying(
              InvalidFixException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_ATTRIBUTE));
    }

    @Test
    @DisplayName("bounds the attributes: count, name rule and length, value type and length")
    void attributeBounds() {
      JsonObject many = new JsonObject();
      for (int i = 0; i <= FixDetailLimits.DEFAULT_MAX_ATTRIBUTES; i++) {
        many.put("a" + i, i);
      }
      assertThat(rejectJson(message().put("attributes", many)).reason())
          .isEqualTo(RejectReason.TOO_MANY_ATTRIBUTES);
      assertThat(rejectJson(attribute("has space", 1)).reason())
          .isEqualTo(RejectReason.BAD_ATTRIBUTE);
      assertThat(rejectJson(attribute("9lives", 1)).getMessage())
          .contains("must be 1-32 characters");
      assertThat(rejectJson(attribute("n".repeat(33), 1)).reason())
          .isEqualTo(RejectReason.BAD_ATTRIBUTE);
      assertThat(rejectJson(attribute("note", "v".repeat(129))).getMessage())
          .contains("129 characters, more than the limit of 128");
      assertThat(rejectJson(attribute("nested", new JsonObject().put("a", 1))).getMessage())
          .contains("must be a string, a number (at most 64-bit) or a boolean");
      assertThat(rejectJson(attribute("list", new JsonArray().add(1))).reason())
          .isEqualTo(RejectReason.BAD_ATTRIBUTE);
      assertThat(rejectJson(attribute("nothing", null)).reason())
          .isEqualTo(RejectReason.BAD_ATTRIBUTE);
      assertThat(rejectJson(message().put("attributes", "motion")).reason())
          .isEqualTo(RejectReason.BAD_ATTRIBUTE);
    }

    @Test
    @DisplayName("takes attributes at their bounds, and wider bounds when configured")
    void atTheBounds() throws InvalidFixException {
      JsonObject full = new JsonObject();
      for (int i = 0; i < FixDetailLimits.DEFAULT_MAX_ATTRIBUTES; i++) {
        full.put("_a." + i + "-x", "v".repeat(128));
      }
      assertThat(json.decode(message().put("attributes", full), NOW).details().attributes())
          .hasSize(FixDetailLimits.DEFAULT_MAX_ATTRIBUTES);

      GpsLimits wide =
          new GpsLimits(256, 64, Duration.ofMinutes(5), new FixDetailLimits(64, 64, 1024));
      JsonObject more = full.copy().put("extra", "w".repeat(1000));
      assertThat(
              new JsonFixDecoder(new GpsFixValidator(wide))
                  .decode(message().put("attributes", more), NOW)
                  .details()
                  .attributes())
          .hasSize(FixDetailLimits.DEFAULT_MAX_ATTRIBUTES + 1);
    }

    private JsonObject attribute(String name, Object value) {
      JsonObject attributes = new JsonObject();
      attributes.put(name, value);
      return message().put("attributes", attributes);
    }
  }

  @Test
  @DisplayName("a fix with details survives beacon.gps and is checked again by a reader")
  void throughTheRecord() throws InvalidFixException {
    GpsFix fix =
        json.decode(
                message()
                    .put("speed", 1.25)
                    .put("battery", 80)
                    .put("attributes", new JsonObject().put("charging", false)),
                NOW)
            .receivedBy("gw-1", NOW);

    GpsFix read = GpsRecordCodec.decode(GpsRecordCodec.encode(fix));

    assertThat(validator.check(read)).isEqualTo(fix);
  }

  @Test
  @DisplayName("a JSON gps message may exceed the CSV line limit by the details' allowance")
  void jsonAllowance() {
    GpsLimits limits = GpsLimits.defaults();
    assertThat(limits.maxJsonFixLength())
        .isEqualTo(256 + 200 + 16 * (32 + 2 * 128 + 6))
        .isGreaterThan(message().put("attributes", new JsonObject()).encode().length());
  }
}

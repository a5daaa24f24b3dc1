package dev.beacon.common.gps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The tracker decoders (OsmAnd, Traccar Client 9 JSON, OwnTracks)")
class TrackerDecodersTest {

  private static final long NOW = 1_700_000_000_000L;

  private final GpsFixValidator validator = new GpsFixValidator(GpsLimits.defaults());
  private final OsmAndFixDecoder osmAnd = new OsmAndFixDecoder(validator);
  private final TraccarJsonFixDecoder traccar = new TraccarJsonFixDecoder(validator);
  private final OwnTracksDecoder ownTracks = new OwnTracksDecoder(validator);

  private static Map<String, List<String>> query(String... pairs) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      parameters.put(pairs[i], List.of(pairs[i + 1]));
    }
    return parameters;
  }

  @ParameterizedTest(name = "timestamp {0}")
  @CsvSource({
    "1681593747, 1681593747000",
    "1681593747250, 1681593747250",
    "2023-04-15T21:22:27Z, 1681593747000",
    "2023-04-15T23:22:27.250+02:00, 1681593747250",
    "2023-04-15 21:22:27, 1681593747000"
  })
  @DisplayName("OsmAnd's timestamp is seconds, milliseconds, ISO 8601 or Traccar's spaced form")
  void osmAndTimestamps(String timestamp, long millis) throws InvalidFixException {
    GpsFix fix =
        osmAnd.decode(query("id", "32", "timestamp", timestamp, "lat", "1", "lon", "2"), NOW);
    assertThat(fix.deviceTs()).isEqualTo(millis);
  }

  @Test
  @DisplayName(
      "OsmAnd: speed in knots to m/s, bearing, altitude, accuracy, batt; the rest in attributes without the key")
  void osmAndDetails() throws InvalidFixException {
    GpsFix fix =
        osmAnd.decode(
            query(
                "deviceid",
                "van-7",
                "timestamp",
                "1681593747",
                "location",
                "44.5,20.25",
                "speed",
                "10",
                "heading",
                "90",
                "altitude",
                "120",
                "accuracy",
                "8",
                "batt",
                "76",
                "charge",
                "true",
                "driverUniqueId",
                "d-9",
                "key",
                "bk_secret",
                "9bad",
                "x"),
            NOW);
    assertThat(fix.deviceId()).isEqualTo("van-7");
    assertThat(fix.lat()).isEqualTo(44.5);
    assertThat(fix.lon()).isEqualTo(20.25);
    assertThat(fix.details().speed()).isCloseTo(5.144444, within(1e-6));
    assertThat(fix.details().course()).isEqualTo(90.0);
    assertThat(fix.details().battery()).isEqualTo(76.0);
    assertThat(fix.details().attributes())
        .containsExactly(Map.entry("charge", true), Map.entry("driverUniqueId", "d-9"));
  }

  @Test
  @DisplayName("OsmAnd: attributes beyond the bound are left out, not refused")
  void osmAndAttributesBounded() throws InvalidFixException {
    Map<String, List<String>> parameters =
        query("id", "32", "timestamp", "1681593747", "lat", "1", "lon", "2");
    for (int i = 0; i < 40; i++) {
      parameters.put("extra" + i, List.of(Integer.toString(i)));
    }
    parameters.put("long", List.of("x".repeat(1000)));
    GpsFix fix = osmAnd.decode(parameters, NOW);
    assertThat(fix.details().attributes())
        .hasSize(FixDetailLimits.DEFAULT_MAX_ATTRIBUTES)
        .doesNotContainKey("long");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "id=32&lat=1&lon=2 | BAD_TIMESTAMP",
        "id=32&timestamp=yesterday&lat=1&lon=2 | BAD_TIMESTAMP",
        "timestamp=1681593747&lat=1&lon=2 | BAD_DEVICE_ID",
        "id=32&timestamp=1681593747&lat=1 | BAD_FORMAT",
        "id=32&timestamp=1681593747&lat=NaN&lon=2 | BAD_NUMBER",
        "id=32&timestamp=1681593747&lat=91&lon=2 | LAT_OUT_OF_RANGE",
        "id=32&timestamp=1681593747&lat=1&lon=2&speed=-1 | SPEED_OUT_OF_RANGE",
        "id=32&timestamp=1681593747&lat=1&lon=2&batt=101 | BATTERY_OUT_OF_RANGE"
      })
  @DisplayName("OsmAnd: a bad fix is refused with its reason")
  void osmAndRejects(String raw, RejectReason reason) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      parameters.put(kv[0], List.of(kv[1]));
    }
    InvalidFixException e =
        assertThrows(InvalidFixException.class, () -> osmAnd.decode(parameters, NOW));
    assertThat(e.reason()).isEqualTo(reason);
  }

  @Test
  @DisplayName("Traccar Client 9: coords in m/s, battery level as a fraction, -1 as not known")
  void traccarJson() throws InvalidFixException {
    JsonObject body =
        new JsonObject(
            "{\"device_id\":\"32\",\"location\":{\"timestamp\":\"2023-04-15T21:22:27.000Z\","
                + "\"coords\":{\"latitude\":44.81,\"longitude\":20.46,\"speed\":-1,\"heading\":-1,"
                + "\"altitude\":120,\"accuracy\":8},\"is_moving\":false,\"odometer\":1520.5,"
                + "\"battery\":{\"level\":0.5,\"is_charging\":true},\"activity\":{\"type\":\"still\"}}}");
    GpsFix fix = traccar.decode(body, NOW);
    assertThat(fix.deviceTs()).isEqualTo(1_681_593_747_000L);
    assertThat(fix.details().speed()).isNull();
    assertThat(fix.details().course()).isNull();
    assertThat(fix.details().battery()).isEqualTo(50.0);
    assertThat(fix.details().attributes())
        .containsEntry("is_moving", false)
        .containsEntry("odometer", 1520.5)
        .containsEntry("charging", true)
        .containsEntry("activity", "still");
    InvalidFixException e =
        assertThrows(
            InvalidFixException.class,
            () -> traccar.decode(new JsonObject().put("device_id", "32"), NOW));
    assertThat(e.reason()).isEqualTo(RejectReason.BAD_FORMAT);
  }

  @Test
  @DisplayName("OwnTracks: vel km/h to m/s, the device from user and device, other types not fixes")
  void ownTracks() throws InvalidFixException {
    assertThat(OwnTracksDecoder.deviceIdOfTopic("owntracks/ana/phone")).isEqualTo("ana.phone");
    assertThat(OwnTracksDecoder.deviceIdOfTopic("owntracks/ana/phone/event")).isNull();
    assertThat(OwnTracksDecoder.deviceId("ana", null)).isEqualTo("ana");
    OwnTracksDecoder.Message message =
        ownTracks.decode(
            new JsonObject(
                "{\"_type\":\"location\",\"tst\":1681593747,\"lat\":1.5,\"lon\":2.5,\"vel\":36,"
                    + "\"cog\":270,\"alt\":10,\"acc\":5,\"batt\":80,\"tid\":\"ph\",\"bs\":2,"
                    + "\"inregions\":[\"home\"]}"),
            "ana.phone",
            NOW);
    assertThat(message.fix().details().speed()).isCloseTo(10.0, within(1e-9));
    assertThat(message.fix().details().attributes())
        .containsEntry("tid", "ph")
        .containsEntry("bs", 2)
        .doesNotContainKey("inregions");
    assertThat(ownTracks.decode(new JsonObject().put("_type", "lwt"), null, NOW).fix()).isNull();
    InvalidFixException e =
        assertThrows(
            InvalidFixException.class,
            () ->
                ownTracks.decode(
                    new JsonObject(
                        "{\"_type\":\"location\",\"tst\":1681593747,\"lat\":1,\"lon\":2}"),
                    null,
                    NOW));
    assertThat(e.reason()).isEqualTo(RejectReason.BAD_DEVICE_ID);
  }
}

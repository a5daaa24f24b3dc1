package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PresenceRecordCodec")
class PresenceRecordCodecTest {

  static final long T = 1_763_762_345_123L;
  static final PresenceRecord.ClientPresent ANA =
      new PresenceRecord.ClientPresent(
          "c-1", "gw-a", "10.0.0.7:51234", T, List.of("lobby", "gps:32"));

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static PresenceRecord roundTrip(PresenceRecord record) {
    return PresenceRecordCodec.decode(
        PresenceRecordCodec.key(record), PresenceRecordCodec.encode(record));
  }

  @Test
  @DisplayName("round-trips a connected client under key client:<id>")
  void client() {
    assertThat(new String(PresenceRecordCodec.key(ANA), StandardCharsets.UTF_8))
        .isEqualTo("client:c-1");
    assertThat(roundTrip(ANA)).isEqualTo(ANA);
    assertThat(roundTrip(ANA.withRooms(List.of()))).isEqualTo(ANA.withRooms(List.of()));
  }

  @Test
  @DisplayName("encodes the documented client example byte for byte")
  void documentedExample() {
    assertThat(new String(PresenceRecordCodec.encode(ANA), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"v\":1,\"client_id\":\"c-1\",\"gateway\":\"gw-a\",\"remote\":\"10.0.0.7:51234\",\"connected_at\":1763762345123,"
                + "\"rooms\":[\"lobby\",\"gps:32\"]}");
  }

  @Test
  @DisplayName(
      "format 2: the connection under client:<id> and one record per room under member:<id>/<room>, "
          + "byte for byte as documented; a membership's tombstone decodes as RoomLeft")
  void formatTwo() {
    var connected = new PresenceRecord.ClientConnected("c-1", "gw-a", "10.0.0.7:51234", T);
    assertThat(new String(PresenceRecordCodec.key(connected), StandardCharsets.UTF_8))
        .isEqualTo("client:c-1");
    assertThat(new String(PresenceRecordCodec.encode(connected), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"v\":2,\"client_id\":\"c-1\",\"gateway\":\"gw-a\",\"remote\":\"10.0.0.7:51234\",\"connected_at\":1763762345123}");
    assertThat(roundTrip(connected)).isEqualTo(connected);
    var joined = connected.joined("gps:32");
    assertThat(new String(PresenceRecordCodec.key(joined), StandardCharsets.UTF_8))
        .isEqualTo("member:c-1/gps:32");
    assertThat(joined.partitionKey()).isEqualTo("client:c-1");
    assertThat(new String(PresenceRecordCodec.encode(joined), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"v\":2,\"client_id\":\"c-1\",\"room\":\"gps:32\",\"gateway\":\"gw-a\",\"connected_at\":1763762345123}");
    assertThat(roundTrip(joined)).isEqualTo(joined);
    var left = new PresenceRecord.RoomLeft("c-1", "gps:32");
    assertThat(PresenceRecordCodec.encode(left)).isNull();
    assertThat(PresenceRecordCodec.decode(utf8("member:c-1/gps:32"), null)).isEqualTo(left);
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                PresenceRecordCodec.decode(
                    utf8("member:c-1/lobby"),
                    utf8(
                        "{\"v\":2,\"client_id\":\"c-1\",\"room\":\"ops\",\"gateway\":\"g\",\"connected_at\":1}")))
        .withMessageContaining("field 'room' is 'ops' but the key names 'lobby'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PresenceRecordCodec.decode(utf8("member:c-1"), null))
        .withMessageContaining("member:<id>/<room>");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                PresenceRecordCodec.decode(
                    utf8("client:c-1"),
                    utf8("{\"v\":3,\"client_id\":\"c-1\",\"gateway\":\"g\",\"connected_at\":1}")))
        .withMessageContaining("unsupported schema version 3, expected 1 to 2");
  }

  @Test
  @DisplayName("round-trips a gateway heartbeat under key gateway:<id>")
  void gateway() {
    var alive = new PresenceRecord.GatewayAlive("gw-a", T);
    assertThat(new String(PresenceRecordCodec.key(alive), StandardCharsets.UTF_8))
        .isEqualTo("gateway:gw-a");
    assertThat(new String(PresenceRecordCodec.encode(alive), StandardCharsets.UTF_8))
        .isEqualTo("{\"v\":1,\"gateway\":\"gw-a\",\"alive_at\":1763762345123,\"period_ms\":5000}");
    assertThat(roundTrip(alive)).isEqualTo(alive);
  }

  @Test
  @DisplayName("writes tombstones as null values and decodes them as an explicit left or gone")
  void tombstones() {
    var left = new PresenceRecord.ClientLeft("c-1");
    var gone = new PresenceRecord.GatewayGone("gw-a");
    assertThat(PresenceRecordCodec.encode(left)).isNull();
    assertThat(PresenceRecordCodec.encode(gone)).isNull();
    assertThat(left.isTombstone()).isTrue();
    assertThat(ANA.isTombstone()).isFalse();
    assertThat(PresenceRecordCodec.decode(utf8("client:c-1"), null)).isEqualTo(left);
    assertThat(PresenceRecordCodec.decode(utf8("gateway:gw-a"), null)).isEqualTo(gone);
    assertThat(left.key()).isEqualTo(ANA.key());
  }

  @Test
  @DisplayName("treats a heartbeat older than three of its own periods as stale")
  void staleness() {
    var alive = new PresenceRecord.GatewayAlive("gw-a", 10_000);
    assertThat(alive.isStale(25_000)).isFalse();
    assertThat(alive.isStale(25_001)).isTrue();
    var fast = new PresenceRecord.GatewayAlive("gw-a", 10_000, Duration.ofSeconds(1));
    assertThat(fast.isStale(13_001)).isTrue();
  }

  @Test
  @DisplayName(
      "a heartbeat carries its period; one written before periods existed reads as the default 5 s")
  void periodRoundTrip() {
    var alive = new PresenceRecord.GatewayAlive("gw-a", 10_000, Duration.ofMillis(1500));
    assertThat(
            new String(PresenceRecordCodec.encode(alive), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"period_ms\":1500");
    assertThat(PresenceRecordCodec.decode(utf8("gateway:gw-a"), PresenceRecordCodec.encode(alive)))
        .isEqualTo(alive);
    assertThat(
            PresenceRecordCodec.decode(
                utf8("gateway:gw-a"), utf8("{\"v\":1,\"gateway\":\"gw-a\",\"alive_at\":7}")))
        .isEqualTo(
            new PresenceRecord.GatewayAlive("gw-a", 7, PresenceRecord.DEFAULT_PERIOD_MILLIS));
  }

  @Test
  @DisplayName("decodes a client without remote or rooms as empty")
  void optionalFields() {
    PresenceRecord r =
        PresenceRecordCodec.decode(
            utf8("client:c-1"),
            utf8(
                "{\"v\":1,\"client_id\":\"c-1\",\"gateway\":\"g\",\"connected_at\":5,\"more\":true}"));
    assertThat(r).isEqualTo(new PresenceRecord.ClientPresent("c-1", "g", "", 5, List.of()));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "client:",
        "gateway:",
        "room:lobby",
        "c-1",
        "member:",
        "member:/lobby",
        "member:c-1/"
      })
  @DisplayName("rejects a key that names neither a client, a membership nor a gateway")
  void badKey(String key) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PresenceRecordCodec.decode(utf8(key), null))
        .withMessageContaining("must be client:<id>, member:<id>/<room> or gateway:<id>");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PresenceRecordCodec.decode(null, null))
        .withMessageContaining("no key");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "client:c-1   | {\"v\":1,\"client_id\":\"c-2\",\"gateway\":\"g\",\"connected_at\":1}   | field 'client_id' is 'c-2' but the key names 'c-1'",
        "client:c-1   | {\"v\":1,\"gateway\":\"g\",\"connected_at\":1}                       | missing field 'client_id'",
        "client:c-1   | {\"v\":1,\"client_id\":\"c-1\",\"connected_at\":1}                   | missing field 'gateway'",
        "client:c-1   | {\"v\":1,\"client_id\":\"c-1\",\"gateway\":\"g\"}                    | missing field 'connected_at'",
        "client:c-1   | {\"v\":1,\"client_id\":\"c-1\",\"gateway\":\"g\",\"connected_at\":1,\"rooms\":\"lobby\"} | field 'rooms' must be an array of strings, got lobby",
        "client:c-1   | {\"v\":1,\"client_id\":\"c-1\",\"gateway\":\"g\",\"connected_at\":1,\"rooms\":[1]}       | field 'rooms' must be an array of strings, got 1",
        "client:c-1   | {\"client_id\":\"c-1\",\"gateway\":\"g\",\"connected_at\":1}         | unsupported schema version null, expected 1 to 2",
        "gateway:gw-a | {\"v\":1,\"gateway\":\"gw-b\",\"alive_at\":1}                          | field 'gateway' is 'gw-b' but the key names 'gw-a'",
        "gateway:gw-a | {\"v\":1,\"gateway\":\"gw-a\"}                                          | missing field 'alive_at'",
        "gateway:gw-a | {\"v\":1,\"gateway\":\"gw-a\",\"alive_at\":\"now\"}                     | field 'alive_at' must be a whole number, got now",
        "gateway:gw-a | not json                                                                 | value is not a JSON object: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
      })
  @DisplayName("rejects a malformed value with IllegalArgumentException naming the field")
  void malformed(String key, String value, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PresenceRecordCodec.decode(utf8(key), utf8(value)))
        .withMessage(message);
  }
}

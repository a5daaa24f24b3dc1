package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RoomNames")
class RoomNamesTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lobby", "a", "A.b_c:d-0", "team:42", "gpsx", "gps-fans", "GPS:32"})
  @DisplayName("lets clients publish to rooms of the rule that do not start with gps:")
  void publishable(String room) throws ProtocolException {
    assertThat(RoomNames.checkPublishable("room", room)).isEqualTo(room);
    assertThat(RoomNames.checkSubscribable("room", room)).isEqualTo(room);
    assertThat(RoomNames.isValid(room)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gps:*", "gps:32", "gps:a.b_c:d-0"})
  @DisplayName("accepts GPS rooms for subscription only")
  void gps(String room) throws ProtocolException {
    assertThat(RoomNames.checkSubscribable("room", room)).isEqualTo(room);
    assertThatThrownBy(() -> RoomNames.checkPublishable("room", room))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("bad_room"));
  }

  @Test
  @DisplayName(
      "lets a GPS room carry any device id of up to 64 characters, beyond the 64 of a room")
  void longDeviceId() throws ProtocolException {
    String room = RoomNames.gpsRoom("d".repeat(64));
    assertThat(RoomNames.checkSubscribable("room", room)).isEqualTo(room);
    assertThat(RoomNames.isValid(RoomNames.gpsRoom("d".repeat(65)))).isFalse();
  }

  @Test
  @DisplayName("names the device a GPS room follows, and none for gps:* or other rooms")
  void deviceOfRoom() {
    assertThat(RoomNames.gpsDeviceId("gps:32")).isEqualTo("32");
    assertThat(RoomNames.gpsDeviceId(RoomNames.GPS_ALL)).isNull();
    assertThat(RoomNames.gpsDeviceId("lobby")).isNull();
    assertThat(RoomNames.isGps("gps:32")).isTrue();
    assertThat(RoomNames.isGps("lobby")).isFalse();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {"", " ", "a b", "*", "@c", "a/b", "ü", "gps:", "gps:*x", "gps:a*", "gps:a b"})
  @DisplayName("refuses names outside the rule with bad_room")
  void invalid(String room) {
    assertThat(RoomNames.isValid(room)).isFalse();
    assertThatThrownBy(() -> RoomNames.checkSubscribable("room", room))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("bad_room"));
  }

  @Test
  @DisplayName("abbreviates a very long name in the error message")
  void abbreviates() {
    assertThatThrownBy(() -> RoomNames.checkSubscribable("room", "x".repeat(1000)))
        .hasMessageContaining("x".repeat(40) + "...")
        .hasMessageNotContaining("x".repeat(41));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events:*", "events:32", "events:a.b_c:d-0"})
  @DisplayName("events: rooms are subscribable and read-only, like gps: rooms")
  void eventRooms(String room) throws ProtocolException {
    assertThat(RoomNames.checkSubscribable("room", room)).isEqualTo(room);
    assertThatThrownBy(() -> RoomNames.checkPublishable("room", room))
        .hasMessageContaining("geofence events");
    assertThat(RoomNames.eventsDeviceId("events:32")).isEqualTo("32");
    assertThat(RoomNames.eventsDeviceId("events:*")).isNull();
  }
}

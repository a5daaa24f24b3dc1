package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.FixDetails;
import dev.beacon.common.gps.GpsFix;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ServerMessages")
class ServerMessagesTest {

  static final long T = 1_763_762_345_123L;

  @Test
  @DisplayName("encodes welcome with type first and fields in the documented order")
  void welcome() {
    assertThat(ServerMessages.welcome("c-1", "gw-a", T))
        .isEqualTo(
            "{\"type\":\"welcome\",\"client_id\":\"c-1\",\"gateway\":\"gw-a\",\"server_time\":1763762345123}");
  }

  @Test
  @DisplayName("encodes chat, broadcast and direct without pos, for a delivery payload")
  void deliveredMessages() {
    assertThat(ServerMessages.chat("ana", "hi", "lobby", "c-1", T))
        .isEqualTo(
            "{\"type\":\"chat\",\"sender\":\"ana\",\"content\":\"hi\",\"room\":\"lobby\",\"client_id\":\"c-1\",\"timestamp\":1763762345123}");
    assertThat(ServerMessages.broadcast("all hands", "ops", "c-1", T))
        .isEqualTo(
            "{\"type\":\"broadcast\",\"message\":\"all hands\",\"from\":\"ops\",\"client_id\":\"c-1\",\"timestamp\":1763762345123}");
    assertThat(ServerMessages.direct("ana", "psst", "c-1", "c-2", T))
        .isEqualTo(
            "{\"type\":\"direct\",\"sender\":\"ana\",\"content\":\"psst\",\"client_id\":\"c-1\",\"to\":\"c-2\",\"timestamp\":1763762345123}");
  }

  @Test
  @DisplayName("builds each delivered message from its message record")
  void payloadOfRecord() {
    assertThat(ServerMessages.payloadOf(MessageRecord.chat("lobby", "c-1", "gw", "ana", "hi", T)))
        .isEqualTo(ServerMessages.chat("ana", "hi", "lobby", "c-1", T));
    assertThat(ServerMessages.payloadOf(MessageRecord.broadcast("c-1", "gw", "ops", "all", T)))
        .isEqualTo(ServerMessages.broadcast("all", "ops", "c-1", T));
    assertThat(ServerMessages.payloadOf(MessageRecord.direct("c-2", "c-1", "gw", "ana", "psst", T)))
        .isEqualTo(ServerMessages.direct("ana", "psst", "c-1", "c-2", T));
  }

  @Test
  @DisplayName("echoes a string or numeric id right after type, and leaves it out when null")
  void ids() {
    assertThat(ServerMessages.pong("c-1", T, "p1"))
        .isEqualTo(
            "{\"type\":\"pong\",\"id\":\"p1\",\"client_id\":\"c-1\",\"server_time\":1763762345123}");
    assertThat(ServerMessages.pong("c-1", T, 7)).startsWith("{\"type\":\"pong\",\"id\":7,");
    assertThat(ServerMessages.pong("c-1", T, null)).doesNotContain("\"id\"");
    assertThat(ServerMessages.broadcastAck(2.5, T))
        .isEqualTo("{\"type\":\"broadcast_ack\",\"id\":2.5,\"timestamp\":1763762345123}");
    assertThat(ServerMessages.error(null, "bad_room", "no"))
        .isEqualTo("{\"type\":\"error\",\"code\":\"bad_room\",\"message\":\"no\"}");
  }

  @Test
  @DisplayName("encodes stats with the uptime in seconds as a plain number")
  void stats() {
    assertThat(ServerMessages.stats(3, 12_345, 99, null))
        .isEqualTo(
            "{\"type\":\"stats\",\"connected_clients\":3,\"server_uptime\":12.345,\"total_messages\":99}");
    assertThat(
            new JsonObject(ServerMessages.stats(0, 400L * 24 * 3600 * 1000, 0, "s"))
                .getValue("server_uptime"))
        .isEqualTo(34_560_000);
    assertThat(ServerMessages.stats(0, 0, 0, null)).contains("\"server_uptime\":0,");
  }

  @Test
  @DisplayName("encodes subscribed with the latest position, or null when the room has none")
  void subscribed() {
    assertThat(
            ServerMessages.subscribed(
                "lobby", true, new StreamPosition("q2vKd7Lw", 3, 1042), 2, "s1"))
        .isEqualTo(
            "{\"type\":\"subscribed\",\"id\":\"s1\",\"room\":\"lobby\",\"recovered\":true,\"pos\":\"q2vKd7Lw-3-1042\",\"missed\":2}");
    assertThat(ServerMessages.subscribed("lobby", false, null, 0, null))
        .isEqualTo(
            "{\"type\":\"subscribed\",\"room\":\"lobby\",\"recovered\":false,\"pos\":null,\"missed\":0}");
    assertThat(ServerMessages.unsubscribed("lobby", null))
        .isEqualTo("{\"type\":\"unsubscribed\",\"room\":\"lobby\"}");
  }

  @Test
  @DisplayName("encodes presence as a list of client_id, gateway and connected_at")
  void presence() {
    var a = new PresenceRecord.ClientPresent("c-1", "gw-a", "10.0.0.7:5", T, List.of("lobby"));
    var b = new PresenceRecord.ClientPresent("c-2", "gw-b", "", T + 1, List.of());
    assertThat(ServerMessages.presence("lobby", List.of(a, b), null))
        .isEqualTo(
            "{\"type\":\"presence\",\"room\":\"lobby\","
                + "\"clients\":[{\"client_id\":\"c-1\",\"gateway\":\"gw-a\",\"connected_at\":1763762345123},"
                + "{\"client_id\":\"c-2\",\"gateway\":\"gw-b\",\"connected_at\":1763762345124}]}");
    assertThat(ServerMessages.presence("empty", List.of(), 1))
        .isEqualTo("{\"type\":\"presence\",\"id\":1,\"room\":\"empty\",\"clients\":[]}");
  }

  @Test
  @DisplayName("encodes a live fix for a GPS room, coordinates exactly")
  void gps() {
    GpsFix fix = GpsFix.of("32", 1_681_593_747_000L, 44.8159745, -20.4601243);
    JsonObject json = new JsonObject(ServerMessages.gps(fix, "gps:32"));
    assertThat(json.encode())
        .isEqualTo(
            "{\"type\":\"gps\",\"device_id\":\"32\",\"ts\":1681593747000,"
                + "\"lat\":44.8159745,\"lon\":-20.4601243,\"room\":\"gps:32\"}");
  }

  @Test
  @DisplayName("encodes a live fix's reported details between the position and the room")
  void gpsWithDetails() {
    GpsFix fix =
        GpsFix.of(
            "32",
            1_681_593_747_000L,
            44.8159745,
            -20.4601243,
            FixDetails.builder()
                .speed(12.5)
                .battery(87.0)
                .attribute("motion", true)
                .attribute("note", "a \"b\"")
                .build());
    assertThat(ServerMessages.gps(fix, "gps:*"))
        .isEqualTo(
            "{\"type\":\"gps\",\"device_id\":\"32\",\"ts\":1681593747000,"
                + "\"lat\":44.8159745,\"lon\":-20.4601243,\"speed\":12.5,\"battery\":87.0,"
                + "\"attributes\":{\"motion\":true,\"note\":\"a \\\"b\\\"\"},\"room\":\"gps:*\"}");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "plain",
        "quote\"d",
        "back\\slash",
        "new\nline",
        "tab\t",
        "ctl\u0001\u001f\u007f",
        "\"},\"type\":\"x",
        "é 日本 \uD83D\uDE00",
        "\u2028\u2029"
      })
  @DisplayName("escapes any text so it decodes back unchanged and cannot inject fields")
  void escaping(String text) {
    JsonObject json = new JsonObject(ServerMessages.chat(text, text, "lobby", "c-1", T));
    assertThat(json.getString("sender")).isEqualTo(text);
    assertThat(json.getString("content")).isEqualTo(text);
    assertThat(json.getString("type")).isEqualTo("chat");
    assertThat(json.fieldNames())
        .containsExactly("type", "sender", "content", "room", "client_id", "timestamp");
  }
}

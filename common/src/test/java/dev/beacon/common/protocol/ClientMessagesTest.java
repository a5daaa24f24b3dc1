package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ClientMessages")
class ClientMessagesTest {

  static ClientRequest decode(String frame) throws ProtocolException {
    return ClientMessages.decode(frame);
  }

  static ProtocolException refuse(String frame) {
    return assertThrows(
        ProtocolException.class,
        () -> ClientMessages.decode(frame),
        () -> "expected a refusal of " + frame);
  }

  @Nested
  @DisplayName("decodes")
  class Decodes {

    @Test
    @DisplayName("a full chat request")
    void chat() throws ProtocolException {
      assertThat(
              decode(
                  "{\"type\":\"chat\",\"id\":\"m1\",\"sender\":\"ana\",\"content\":\"hi\",\"room\":\"dev.ops\"}"))
          .isEqualTo(new ClientRequest.Chat("ana", "hi", "dev.ops", "m1"));
    }

    @Test
    @DisplayName("a chat with only content as anonymous in the lobby without id")
    void chatDefaults() throws ProtocolException {
      assertThat(decode("{\"type\":\"chat\",\"content\":\"hi\"}"))
          .isEqualTo(new ClientRequest.Chat("anonymous", "hi", "lobby", null));
    }

    @Test
    @DisplayName("a blank sender as anonymous and null fields as absent")
    void blankSender() throws ProtocolException {
      assertThat(
              decode(
                  "{\"type\":\"chat\",\"content\":\"hi\",\"sender\":\" \",\"room\":null,\"id\":null}"))
          .isEqualTo(new ClientRequest.Chat("anonymous", "hi", "lobby", null));
    }

    @Test
    @DisplayName("a numeric id as a number, to be echoed as sent")
    void numericId() throws ProtocolException {
      assertThat(decode("{\"type\":\"ping\",\"id\":7}").id()).isEqualTo(7);
      assertThat(decode("{\"type\":\"ping\",\"id\":2.5}").id()).isEqualTo(2.5);
    }

    @Test
    @DisplayName("a broadcast with and without from")
    void broadcast() throws ProtocolException {
      assertThat(
              decode(
                  "{\"type\":\"broadcast\",\"message\":\"all hands\",\"from\":\"ops\",\"id\":1}"))
          .isEqualTo(new ClientRequest.Broadcast("all hands", "ops", 1));
      assertThat(decode("{\"type\":\"broadcast\",\"message\":\"x\"}"))
          .isEqualTo(new ClientRequest.Broadcast("x", "anonymous", null));
    }

    @Test
    @DisplayName("ping, ignoring unknown fields")
    void ping() throws ProtocolException {
      assertThat(decode("{\"type\":\"ping\",\"extra\":[1,{\"a\":2}]}"))
          .isEqualTo(new ClientRequest.Ping(null));
    }

    @Test
    @DisplayName("custom get_stats with and without data")
    void custom() throws ProtocolException {
      assertThat(decode("{\"type\":\"custom\",\"action\":\"get_stats\"}"))
          .isEqualTo(new ClientRequest.Custom(ClientRequest.Custom.GET_STATS, null, null));
      assertThat(decode("{\"type\":\"custom\",\"action\":\"x\",\"data\":{\"k\":1},\"id\":\"c\"}"))
          .isEqualTo(new ClientRequest.Custom("x", new JsonObject().put("k", 1), "c"));
    }

    @Test
    @DisplayName("subscribe with a since position, and without")
    void subscribe() throws ProtocolException {
      assertThat(
              decode("{\"type\":\"subscribe\",\"room\":\"lobby\",\"since\":\"q2vKd7Lw-3-1042\"}"))
          .isEqualTo(
              new ClientRequest.Subscribe("lobby", new StreamPosition("q2vKd7Lw", 3, 1042), null));
      assertThat(decode("{\"type\":\"subscribe\",\"room\":\"lobby\"}"))
          .isEqualTo(new ClientRequest.Subscribe("lobby", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gps:*", "gps:32", "gps:tracker-7.a_b:c"})
    @DisplayName("subscribe, unsubscribe and presence of GPS rooms")
    void gpsRooms(String room) throws ProtocolException {
      assertThat(decode("{\"type\":\"subscribe\",\"room\":\"" + room + "\"}"))
          .isEqualTo(new ClientRequest.Subscribe(room, null, null));
      assertThat(decode("{\"type\":\"unsubscribe\",\"room\":\"" + room + "\",\"id\":2}"))
          .isEqualTo(new ClientRequest.Unsubscribe(room, 2));
      assertThat(decode("{\"type\":\"presence\",\"room\":\"" + room + "\"}"))
          .isEqualTo(new ClientRequest.Presence(room, null));
    }

    @Test
    @DisplayName("a direct message, sender defaulting to anonymous")
    void direct() throws ProtocolException {
      assertThat(decode("{\"type\":\"direct\",\"to\":\"c-42\",\"content\":\"psst\",\"id\":\"d1\"}"))
          .isEqualTo(new ClientRequest.Direct("c-42", "psst", "anonymous", "d1"));
    }

    @Test
    @DisplayName("content of exactly 4096 characters, counting a supplementary character as one")
    void maxContent() throws ProtocolException {
      String emoji = "\uD83D\uDE00".repeat(4096);
      ClientRequest.Chat chat =
          (ClientRequest.Chat)
              ClientMessages.decode(new JsonObject().put("type", "chat").put("content", emoji));
      assertThat(chat.content()).isEqualTo(emoji);
    }

    @Test
    @DisplayName("every request type it lists, each reporting its own type")
    void types() throws ProtocolException {
      String[] frames = {
        "{\"type\":\"chat\",\"content\":\"x\"}",
        "{\"type\":\"publish\",\"channel\":\"c\",\"data\":1}",
        "{\"type\":\"broadcast\",\"message\":\"x\"}",
        "{\"type\":\"ping\"}",
        "{\"type\":\"custom\",\"action\":\"a\"}",
        "{\"type\":\"subscribe\",\"room\":\"r\"}",
        "{\"type\":\"unsubscribe\",\"room\":\"r\"}",
        "{\"type\":\"direct\",\"to\":\"c\",\"content\":\"x\"}",
        "{\"type\":\"presence\",\"room\":\"r\"}",
        "{\"type\":\"refresh\",\"token\":\"a.b.c\"}",
        "{\"type\":\"history\",\"room\":\"r\"}",
        "{\"type\":\"presence_stats\",\"room\":\"r\"}"
      };
      assertThat(frames).hasSameSizeAs(ClientMessages.TYPES);
      for (int i = 0; i < frames.length; i++) {
        String type = ClientMessages.TYPES.get(i);
        // publish is an alias of chat: it decodes to the same request.
        assertThat(decode(frames[i]).type()).isEqualTo(type.equals("publish") ? "chat" : type);
      }
    }
  }

  @Nested
  @DisplayName("refuses")
  class Refuses {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {"", "{", "not json", "{\"type\":\"chat\",}", "[1,2]", "\"text\"", "42", "null"})
    @DisplayName("a frame that is not a JSON object with invalid_json, 'Invalid JSON format ...'")
    void invalidJson(String frame) {
      ProtocolException e = refuse(frame);
      assertThat(e.code()).isEqualTo("invalid_json");
      assertThat(e.getMessage()).startsWith("Invalid JSON format");
      assertThat(e.id()).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "{\"type\":\"teleport\",\"id\":\"t\"}  | '''teleport'''",
          "{\"id\":\"t\"}                       | (none)",
          "{\"type\":7,\"id\":\"t\"}            | '''7'''",
          "{\"type\":\"gps\",\"id\":\"t\"}      | '''gps'''"
        })
    @DisplayName(
        "a missing or unknown type with unknown_type, naming it and the known types, echoing the id")
    void unknownType(String frame, String shown) {
      ProtocolException e = refuse(frame);
      assertThat(e.code()).isEqualTo("unknown_type");
      assertThat(e.getMessage())
          .startsWith("Unknown message type: " + shown)
          .contains("chat", "subscribe");
      assertThat(e.id()).isEqualTo("t");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "{\"type\":\"chat\"}                                      | content   | is required",
          "{\"type\":\"chat\",\"content\":5}                        | content   | must be a string",
          "{\"type\":\"chat\",\"content\":\"  \"}                   | content   | must not be empty",
          "{\"type\":\"chat\",\"content\":\"x\",\"sender\":1}       | sender    | must be a string or left out",
          "{\"type\":\"chat\",\"content\":\"x\",\"room\":[\"a\"]}   | room      | must be a string or left out",
          "{\"type\":\"broadcast\"}                                 | message   | is required",
          "{\"type\":\"broadcast\",\"message\":\"x\",\"from\":{}}   | from      | must be a string",
          "{\"type\":\"custom\"}                                    | action    | is required",
          "{\"type\":\"custom\",\"action\":\"a b\"}                 | action    | must be an action name",
          "{\"type\":\"custom\",\"action\":\"a\",\"data\":[1]}      | data      | must be a JSON object",
          "{\"type\":\"subscribe\"}                                 | room      | is required",
          "{\"type\":\"subscribe\",\"room\":3}                      | room      | must be a string",
          "{\"type\":\"subscribe\",\"room\":\"r\",\"since\":5}      | since     | must be the pos string",
          "{\"type\":\"subscribe\",\"room\":\"r\",\"since\":\"x\"}  | since     | must be <epoch>-<partition>-<offset>",
          "{\"type\":\"unsubscribe\"}                               | room      | is required",
          "{\"type\":\"direct\",\"content\":\"x\"}                  | to        | is required",
          "{\"type\":\"direct\",\"to\":\"c/x\",\"content\":\"x\"}   | to        | must be the client_id",
          "{\"type\":\"direct\",\"to\":\"c\"}                       | content   | is required",
          "{\"type\":\"presence\"}                                  | room      | is required",
          "{\"type\":\"ping\",\"id\":true}                          | id        | must be a string or a number",
          "{\"type\":\"ping\",\"id\":{\"a\":1}}                     | id        | must be a string or a number"
        })
    @DisplayName("a missing or mistyped field with bad_request, naming the field and what to send")
    void badRequest(String frame, String field, String problem) {
      ProtocolException e = refuse(frame);
      assertThat(e.code()).isEqualTo("bad_request");
      assertThat(e.getMessage()).startsWith("field '" + field + "' " + problem);
    }

    @ParameterizedTest(name = "{0} over the limit")
    @CsvSource({
      "chat, content, 4096",
      "chat, sender, 64",
      "broadcast, message, 4096",
      "broadcast, from, 64",
      "direct, content, 4096",
      "direct, sender, 64"
    })
    @DisplayName("a field longer than its limit with bad_request, naming field and limit")
    void tooLong(String type, String field, int limit) {
      JsonObject m =
          new JsonObject()
              .put("type", type)
              .put("to", "c")
              .put("content", "x")
              .put("message", "x")
              .put("id", "m9")
              .put(field, "y".repeat(limit + 1));
      ProtocolException e = assertThrows(ProtocolException.class, () -> ClientMessages.decode(m));
      assertThat(e.code()).isEqualTo("bad_request");
      assertThat(e.getMessage())
          .isEqualTo(
              "field '" + field + "' must be at most " + limit + " characters, got " + (limit + 1));
      assertThat(e.id()).isEqualTo("m9");
    }

    @Test
    @DisplayName("an id longer than 128 characters, without echoing it")
    void longId() {
      ProtocolException e = refuse("{\"type\":\"ping\",\"id\":\"" + "i".repeat(129) + "\"}");
      assertThat(e.code()).isEqualTo("bad_request");
      assertThat(e.getMessage()).startsWith("field 'id' must be at most 128 characters");
      assertThat(e.id()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gps:32", "gps:*", "gps:"})
    @DisplayName("a chat to a GPS room with bad_room, saying it is reserved")
    void chatToGps(String room) {
      ProtocolException e =
          refuse("{\"type\":\"chat\",\"content\":\"x\",\"room\":\"" + room + "\",\"id\":1}");
      assertThat(e.code()).isEqualTo("bad_room");
      assertThat(e.getMessage()).startsWith("field 'room'").contains("reserved for live GPS");
      assertThat(e.id()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
      "chat, ''",
      "chat, a b",
      "chat, a/b",
      "chat, room*",
      "subscribe, ''",
      "subscribe, a@b",
      "presence, 'x,y'",
      "unsubscribe, é",
      "subscribe, gps:a b",
      "subscribe, gps:**"
    })
    @DisplayName("an invalid room name with bad_room, stating the rule")
    void badRoom(String type, String room) {
      ProtocolException e =
          refuse(new JsonObject().put("type", type).put("content", "x").put("room", room).encode());
      assertThat(e.code()).isEqualTo("bad_room");
      assertThat(e.getMessage())
          .startsWith("field 'room': room '")
          .contains("characters of A-Z a-z 0-9 . _ : -");
    }

    @Test
    @DisplayName("a room of 65 characters with bad_room; 64 is accepted")
    void roomLength() throws ProtocolException {
      assertThat(decode("{\"type\":\"subscribe\",\"room\":\"" + "r".repeat(64) + "\"}"))
          .isNotNull();
      assertThat(refuse("{\"type\":\"subscribe\",\"room\":\"" + "r".repeat(65) + "\"}").code())
          .isEqualTo("bad_room");
    }

    @Test
    @DisplayName("with an error frame that echoes the id, code and message")
    void errorFrame() {
      ProtocolException e = refuse("{\"type\":\"chat\",\"id\":\"m1\"}");
      assertThat(new JsonObject(e.toFrame()))
          .isEqualTo(
              new JsonObject()
                  .put("type", "error")
                  .put("id", "m1")
                  .put("code", "bad_request")
                  .put("message", e.getMessage()));
    }
  }
}

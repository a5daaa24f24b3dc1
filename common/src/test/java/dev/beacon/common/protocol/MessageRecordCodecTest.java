package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("MessageRecordCodec")
class MessageRecordCodecTest {

  static final long T = 1_763_762_345_123L;
  static final String ID = "7b0c2f4e-0c1a-4c39-9a57-3f0e0b7b9d11";
  static final MessageRecord CHAT =
      new MessageRecord(MessageRecord.Kind.CHAT, ID, "lobby", null, "c-1", "gw-a", "ana", "hi", T);

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static byte[] chatWith(String replacements) {
    return utf8(
        new JsonObject(text(MessageRecordCodec.encode(CHAT)))
            .mergeIn(new JsonObject(replacements))
            .encode());
  }

  static Stream<MessageRecord> records() {
    return Stream.of(
        CHAT,
        MessageRecord.chat(
            "gps-fans", "c-1", "gw-a", "anonymous", "é 日本 \uD83D\uDE00 \"q\" \\ \n", T),
        MessageRecord.broadcast("c-2", "gw-b", "ops", "all hands", 0),
        MessageRecord.direct("c-3", "c-1", "gw-a", "ana", "psst", Long.MAX_VALUE),
        MessageRecord.chat("r", "c", "g", "s", "x".repeat(4096), T));
  }

  @ParameterizedTest
  @MethodSource("records")
  @DisplayName("decode(encode(record)) gives back the same record")
  void roundTrip(MessageRecord record) {
    assertThat(MessageRecordCodec.decode(MessageRecordCodec.encode(record))).isEqualTo(record);
  }

  @Test
  @DisplayName("encodes the documented chat example byte for byte")
  void documentedExample() {
    assertThat(text(MessageRecordCodec.encode(CHAT)))
        .isEqualTo(
            "{\"v\":1,\"kind\":\"chat\",\"id\":\""
                + ID
                + "\",\"room\":\"lobby\",\"client_id\":\"c-1\",\"gateway\":\"gw-a\",\"sender\":\"ana\",\"content\":\"hi\",\"ts\":1763762345123}");
  }

  @Test
  @DisplayName(
      "writes message instead of content for a broadcast, and to instead of room for direct")
  void fieldsPerKind() {
    JsonObject broadcast =
        new JsonObject(
            text(MessageRecordCodec.encode(MessageRecord.broadcast("c", "g", "f", "m", 1))));
    assertThat(broadcast.fieldNames())
        .containsExactly("v", "kind", "id", "client_id", "gateway", "sender", "message", "ts");
    JsonObject direct =
        new JsonObject(
            text(MessageRecordCodec.encode(MessageRecord.direct("c-9", "c", "g", "s", "m", 1))));
    assertThat(direct.fieldNames())
        .containsExactly(
            "v", "kind", "id", "to", "client_id", "gateway", "sender", "content", "ts");
  }

  @Test
  @DisplayName("keys a chat by room, a broadcast by * and a direct message by @ and the recipient")
  void keys() {
    assertThat(MessageRecordCodec.key(CHAT)).isEqualTo(utf8("lobby"));
    assertThat(MessageRecordCodec.key(MessageRecord.broadcast("c", "g", "f", "m", 1)))
        .isEqualTo(utf8("*"));
    assertThat(MessageRecordCodec.key(MessageRecord.direct("c-9", "c", "g", "s", "m", 1)))
        .isEqualTo(utf8("@c-9"));
  }

  @Test
  @DisplayName("gives every new message a unique UUID")
  void uniqueIds() {
    MessageRecord a = MessageRecord.broadcast("c", "g", "f", "m", 1);
    MessageRecord b = MessageRecord.broadcast("c", "g", "f", "m", 1);
    assertThat(a.id()).isNotEqualTo(b.id()).matches("[0-9a-f-]{36}");
  }

  @Test
  @DisplayName("ignores unknown fields")
  void unknownFields() {
    assertThat(MessageRecordCodec.decode(chatWith("{\"extra\":{\"a\":[1]},\"z\":null}")))
        .isEqualTo(CHAT);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "nope", "{", "[1]", "42", "null"})
  @DisplayName("rejects a value that is not a JSON object")
  void notAnObject(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MessageRecordCodec.decode(utf8(value)))
        .withMessageStartingWith("value is not a JSON object");
  }

  @Test
  @DisplayName("rejects a null value and another version")
  void nullAndVersion() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MessageRecordCodec.decode(null))
        .withMessage("record has no value");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MessageRecordCodec.decode(chatWith("{\"v\":2}")))
        .withMessage("unsupported schema version 2, expected 1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"kind\":null}              | missing field 'kind'",
        "{\"kind\":\"poke\"}          | field 'kind' must be one of chat, broadcast, direct, got 'poke'",
        "{\"id\":\"\"}                | missing field 'id'",
        "{\"room\":null}              | missing field 'room', required for kind chat",
        "{\"to\":\"c-2\"}             | field 'to' is not allowed for kind chat",
        "{\"client_id\":null}         | missing field 'client_id'",
        "{\"gateway\":null}           | missing field 'gateway'",
        "{\"sender\":null}            | missing field 'sender'",
        "{\"content\":null}           | missing field 'content' or 'data'; a message carries text, a JSON value, or both",
        "{\"ts\":null}                | missing field 'ts'",
        "{\"ts\":1.5}                 | field 'ts' must be a whole number, got 1.5",
        "{\"ts\":\"1\"}               | field 'ts' must be a whole number, got 1",
        "{\"room\":7}                 | field 'room' must be a string, got 7",
        "{\"room\":\"a b\"}           | field 'room' must be 1-64 characters of A-Z a-z 0-9 . _ : -, got 'a b'",
        "{\"kind\":\"broadcast\"}     | missing field 'message' or 'data'; a message carries text, a JSON value, or both",
        "{\"kind\":\"direct\",\"room\":null} | missing field 'to', required for kind direct"
      })
  @DisplayName("rejects a malformed field with IllegalArgumentException naming it")
  void malformed(String replacement, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MessageRecordCodec.decode(chatWith(replacement)))
        .withMessage(message);
  }
}

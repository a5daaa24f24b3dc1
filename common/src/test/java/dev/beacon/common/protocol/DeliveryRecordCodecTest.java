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

@DisplayName("DeliveryRecordCodec")
class DeliveryRecordCodecTest {

  static final long T = 1_763_762_345_123L;
  static final String CHAT = ServerMessages.chat("ana", "hi", "lobby", "c-1", T);
  static final DeliveryRecord TO_ROOM = DeliveryRecord.toRoom("lobby", "m-1", CHAT);
  static final StreamPosition POS = new StreamPosition("q2vKd7Lw", 3, 1042);

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static byte[] roomWith(String replacements) {
    return utf8(
        new JsonObject(text(DeliveryRecordCodec.encode(TO_ROOM)))
            .mergeIn(new JsonObject(replacements))
            .encode());
  }

  static Stream<DeliveryRecord> records() {
    return Stream.of(
        TO_ROOM,
        DeliveryRecord.toAll(
            "m-2", ServerMessages.broadcast("é 日本 \uD83D\uDE00 \"}\\", "ops", "c-1", T)),
        DeliveryRecord.toClient(
            "c-2", "m-3", ServerMessages.direct("ana", "psst", "c-1", "c-2", T)),
        DeliveryRecord.toRoom(
            "gps:32", "m-4", "{\"type\":\"gps\",\"nested\":{\"pos\":1,\"a\":[{}]}}"));
  }

  @ParameterizedTest
  @MethodSource("records")
  @DisplayName("decode(encode(record)) gives back the same record with the payload text unchanged")
  void roundTrip(DeliveryRecord record) {
    DeliveryRecord back = DeliveryRecordCodec.decode(DeliveryRecordCodec.encode(record));
    assertThat(back).isEqualTo(record);
    assertThat(back.payload()).isEqualTo(record.payload());
  }

  @Test
  @DisplayName("encodes the documented example with the payload embedded as an object")
  void documentedExample() {
    assertThat(text(DeliveryRecordCodec.encode(TO_ROOM)))
        .isEqualTo(
            "{\"v\":1,\"target\":\"room\",\"room\":\"lobby\",\"message_id\":\"m-1\",\"payload\":"
                + CHAT
                + "}");
  }

  @Test
  @DisplayName("keeps a payload written with whitespace by another producer as its exact text")
  void foreignPayload() {
    byte[] value =
        utf8(
            "{ \"payload\" : { \"type\" : \"chat\" , \"x\" : [ 1 , 2 ] } , \"v\":1,"
                + "\"target\":\"all\",\"message_id\":\"m\"}");
    DeliveryRecord record = DeliveryRecordCodec.decode(value);
    assertThat(record.payload()).isEqualTo("{ \"type\" : \"chat\" , \"x\" : [ 1 , 2 ] }");
    assertThat(new JsonObject(record.frameAt(POS)))
        .isEqualTo(new JsonObject("{\"type\":\"chat\",\"x\":[1,2],\"pos\":\"q2vKd7Lw-3-1042\"}"));
  }

  @Test
  @DisplayName("keys by room, * for all and @ and the client for one client")
  void keys() {
    assertThat(DeliveryRecordCodec.key(TO_ROOM)).isEqualTo(utf8("lobby"));
    assertThat(DeliveryRecordCodec.key(DeliveryRecord.toAll("m", "{}"))).isEqualTo(utf8("*"));
    assertThat(DeliveryRecordCodec.key(DeliveryRecord.toClient("c-2", "m", "{}")))
        .isEqualTo(utf8("@c-2"));
  }

  @ParameterizedTest
  @MethodSource("records")
  @DisplayName("frameAt adds pos as the last field: valid JSON equal to the payload plus pos")
  void frameAt(DeliveryRecord record) {
    String frame = DeliveryRecordCodec.decode(DeliveryRecordCodec.encode(record)).frameAt(POS);
    assertThat(new JsonObject(frame))
        .isEqualTo(new JsonObject(record.payload()).put("pos", "q2vKd7Lw-3-1042"));
    assertThat(frame).endsWith(",\"pos\":\"q2vKd7Lw-3-1042\"}");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"{}", "{ }", " {\n} "})
  @DisplayName("frameAt adds pos to an empty payload without a stray comma")
  void emptyPayload(String payload) {
    assertThat(DeliveryRecord.toAll("m", payload).frameAt(POS))
        .isEqualTo("{\"pos\":\"q2vKd7Lw-3-1042\"}");
  }

  @Test
  @DisplayName("frameAt of the chat example is exactly the documented frame")
  void chatFrame() {
    assertThat(TO_ROOM.frameAt(POS))
        .isEqualTo(
            "{\"type\":\"chat\",\"sender\":\"ana\",\"content\":\"hi\",\"room\":\"lobby\","
                + "\"client_id\":\"c-1\",\"timestamp\":1763762345123,\"pos\":\"q2vKd7Lw-3-1042\"}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"target\":\"nobody\"}                 | field 'target' must be one of room, all, client, got 'nobody'",
        "{\"target\":null}                       | missing field 'target'",
        "{\"room\":null}                         | missing field 'room', required for target room",
        "{\"client\":\"c\"}                      | field 'client' is not allowed for target room",
        "{\"target\":\"client\",\"room\":null} | missing field 'client', required for target client",
        "{\"message_id\":null}                   | missing field 'message_id'",
        "{\"payload\":null}                      | missing field 'payload'",
        "{\"payload\":\"{}\"}                    | field 'payload' must be a JSON object, got {}",
        "{\"payload\":[1]}                       | field 'payload' must be a JSON object, got [",
        "{\"payload\":{\"type\":\"chat\",\"pos\":\"x\"}} | field 'payload' must not carry 'pos'; gateways add it on delivery",
        "{\"v\":\"1\"}                           | field 'v' must be a number, got 1"
      })
  @DisplayName("rejects a malformed field with IllegalArgumentException naming it")
  void malformed(String replacement, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeliveryRecordCodec.decode(roomWith(replacement)))
        .withMessage(message);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "nope", "{\"v\":1,\"payload\":{", "[]"})
  @DisplayName("rejects a value that is not a JSON object")
  void notAnObject(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeliveryRecordCodec.decode(utf8(value)))
        .withMessageStartingWith("value is not a JSON object");
  }

  @Test
  @DisplayName("refuses to build a record whose payload is not an object")
  void payloadNotObject() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeliveryRecord.toAll("m", "[1]"))
        .withMessageContaining("payload");
    assertThatIllegalArgumentException().isThrownBy(() -> DeliveryRecord.toAll("m", " "));
  }
}

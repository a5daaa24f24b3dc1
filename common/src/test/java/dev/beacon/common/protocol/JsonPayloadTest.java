package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.common.messaging.MessageRouter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A JSON payload (data) travels from frame to delivery as its author wrote it")
class JsonPayloadTest {

  @Test
  @DisplayName("chat, publish, broadcast and direct keep data's exact text, of every JSON type")
  void decodesEveryType() throws ProtocolException {
    for (String value : RawJsonTest.VALUES) {
      ClientRequest.Chat chat =
          (ClientRequest.Chat)
              ClientMessages.decode("{\"type\":\"chat\",\"room\":\"r\",\"data\":" + value + "}");
      assertThat(chat.data()).as(value).isEqualTo(value);
      assertThat(chat.content()).isNull();

      ClientRequest.Chat publish =
          (ClientRequest.Chat)
              ClientMessages.decode(
                  "{\"type\":\"publish\",\"channel\":\"feed:x\",\"data\":" + value + ",\"id\":7}");
      assertThat(publish.data()).as(value).isEqualTo(value);
      assertThat(publish.room()).isEqualTo("feed:x");
      assertThat(publish.id()).isEqualTo(7);

      ClientRequest.Broadcast broadcast =
          (ClientRequest.Broadcast)
              ClientMessages.decode("{\"type\":\"broadcast\",\"data\":" + value + "}");
      assertThat(broadcast.data()).isEqualTo(value);

      ClientRequest.Direct direct =
          (ClientRequest.Direct)
              ClientMessages.decode("{\"type\":\"direct\",\"to\":\"c-2\",\"data\":" + value + "}");
      assertThat(direct.data()).isEqualTo(value);
    }
  }

  @Test
  @DisplayName("text content keeps working, alone or beside data")
  void textStillWorks() throws ProtocolException {
    ClientRequest.Chat both =
        (ClientRequest.Chat)
            ClientMessages.decode("{\"type\":\"chat\",\"content\":\"hi\",\"data\":{\"a\":1}}");
    assertThat(both.content()).isEqualTo("hi");
    assertThat(both.data()).isEqualTo("{\"a\":1}");
    ClientRequest.Chat text =
        (ClientRequest.Chat) ClientMessages.decode("{\"type\":\"chat\",\"content\":\"hi\"}");
    assertThat(text.data()).isNull();
  }

  @Test
  @DisplayName("publish takes room as its channel too, and needs data")
  void publishRules() throws ProtocolException {
    assertThat(
            ((ClientRequest.Chat)
                    ClientMessages.decode("{\"type\":\"publish\",\"room\":\"lobby\",\"data\":1}"))
                .room())
        .isEqualTo("lobby");
    assertThatThrownBy(
            () ->
                ClientMessages.decode("{\"type\":\"publish\",\"channel\":\"a\",\"content\":\"x\"}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("field 'data' is required");
    assertThatThrownBy(() -> ClientMessages.decode("{\"type\":\"publish\",\"data\":1}"))
        .hasMessageContaining("field 'channel' is required");
    assertThatThrownBy(() -> ClientMessages.decode("{\"type\":\"chat\",\"room\":\"a\"}"))
        .hasMessageContaining("field 'content' is required")
        .hasMessageContaining("'data'");
  }

  @Test
  @DisplayName("the message record and the delivery carry data unchanged")
  void throughRecordAndDelivery() throws ProtocolException {
    for (String value : RawJsonTest.VALUES) {
      MessageRecord record =
          MessageRecord.chat("feed:x", "c-1", "gw-a", "ana", null, value, 5L).verifiedAs("sub");
      byte[] encoded = MessageRecordCodec.encode(record);
      assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("\"data\":" + value + ",");
      MessageRecord decoded = MessageRecordCodec.decode(encoded);
      assertThat(decoded).isEqualTo(record);

      DeliveryRecord delivery = MessageRouter.route(decoded, id -> true);
      DeliveryRecord read = DeliveryRecordCodec.decode(DeliveryRecordCodec.encode(delivery));
      String frame = read.frameAt(StreamPosition.parse(StreamPosition.EXAMPLE));
      assertThat(frame).contains("\"data\":" + value + ",\"room\":\"feed:x\"");
      assertThat(RawJson.field(frame, "data")).isEqualTo(value);
      assertThat(frame).doesNotContain("\"content\"");
    }
  }

  @Test
  @DisplayName("broadcast and direct deliveries carry data beside their text")
  void broadcastAndDirect() {
    String b =
        ServerMessages.payloadOf(MessageRecord.broadcast("c-1", "gw", "ops", "m", "[1,2]", 1L));
    assertThat(b)
        .isEqualTo(
            "{\"type\":\"broadcast\",\"message\":\"m\",\"data\":[1,2],\"from\":\"ops\","
                + "\"client_id\":\"c-1\",\"timestamp\":1}");
    String d =
        ServerMessages.payloadOf(MessageRecord.direct("c-2", "c-1", "gw", "ana", null, "true", 1L));
    assertThat(d)
        .isEqualTo(
            "{\"type\":\"direct\",\"sender\":\"ana\",\"data\":true,\"client_id\":\"c-1\","
                + "\"to\":\"c-2\",\"timestamp\":1}");
  }

  @Test
  @DisplayName("a record needs text or data")
  void needsTextOrData() {
    assertThatThrownBy(() -> MessageRecord.chat("r", "c", "g", "s", null, null, 1L))
        .hasMessageContaining("'content' or 'data'");
  }
}

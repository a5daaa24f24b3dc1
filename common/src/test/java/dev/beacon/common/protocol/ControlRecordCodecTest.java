package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ControlRecordCodecTest {

  @Test
  @DisplayName("a disconnect command survives encode and decode, keyed by its client id")
  void roundTrip() {
    ControlRecord record = new ControlRecord("c-1", 4000, "banned by ops \"for now\" é");

    assertThat(ControlRecordCodec.decode(ControlRecordCodec.encode(record))).isEqualTo(record);
    assertThat(new String(ControlRecordCodec.key(record), StandardCharsets.UTF_8)).isEqualTo("c-1");
    assertThat(new String(ControlRecordCodec.encode(record), StandardCharsets.UTF_8))
        .startsWith("{\"v\":1,\"command\":\"disconnect\",\"client_id\":\"c-1\",\"code\":4000,");
  }

  @Test
  @DisplayName(
      "close codes outside 1000 and 3000-4999, long reasons and unknown commands are refused")
  void rejectsBadValues() {
    assertThatThrownBy(() -> new ControlRecord("c-1", 1001, "")).hasMessageContaining("3000-4999");
    assertThatThrownBy(() -> new ControlRecord("c-1", 4000, "x".repeat(124)))
        .hasMessageContaining("123 bytes");
    assertThatThrownBy(
            () ->
                ControlRecordCodec.decode(
                    "{\"v\":1,\"command\":\"explode\",\"client_id\":\"c\",\"code\":4000}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("must be disconnect");
    assertThatThrownBy(
            () ->
                ControlRecordCodec.decode(
                    "{\"v\":1,\"command\":\"disconnect\",\"client_id\":\"c\",\"code\":4294971296}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("'code'");
    assertThat(new ControlRecord("c-1", 1000, null).reason()).isEmpty();
  }

  @Test
  @DisplayName("subscribe and unsubscribe commands carry their room through encode and decode")
  void subscriptionCommands() {
    for (ControlRecord record :
        new ControlRecord[] {
          ControlRecord.subscribe("c-1", "news"), ControlRecord.unsubscribe("c-1", "news")
        }) {
      assertThat(ControlRecordCodec.decode(ControlRecordCodec.encode(record))).isEqualTo(record);
      assertThat(record.isDisconnect()).isFalse();
    }
    assertThat(
            new String(
                ControlRecordCodec.encode(ControlRecord.subscribe("c-1", "news")),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"v\":1,\"command\":\"subscribe\",\"client_id\":\"c-1\",\"room\":\"news\"}");
    assertThatThrownBy(
            () ->
                ControlRecordCodec.decode(
                    "{\"v\":1,\"command\":\"subscribe\",\"client_id\":\"c\"}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("room");
  }
}

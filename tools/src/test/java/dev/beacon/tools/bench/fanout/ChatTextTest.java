package dev.beacon.tools.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChatTextTest {

  private static final String GPS =
      "{\"type\":\"gps\",\"device_id\":\"b12\",\"ts\":1681593747000,\"lat\":44.8,"
          + "\"lon\":20.4,\"room\":\"gps:b12\",\"pos\":\"q2vKd7Lw-1-9\"}";

  @Test
  @DisplayName("reads the type, string fields and whole numbers of a compact server message")
  void readsFields() {
    assertThat(ChatText.isType(GPS, "gps")).isTrue();
    assertThat(ChatText.isType(GPS, "gp")).isFalse();
    assertThat(ChatText.field(GPS, "device_id")).isEqualTo("b12");
    assertThat(ChatText.number(GPS, "ts")).isEqualTo(1_681_593_747_000L);
    assertThat(ChatText.number(GPS, "room")).isEqualTo(-1);
    assertThat(ChatText.field(GPS, "missing")).isNull();
  }
}

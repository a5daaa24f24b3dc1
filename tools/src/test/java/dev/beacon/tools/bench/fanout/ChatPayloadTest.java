package dev.beacon.tools.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatPayloadTest {

  private static final String STAMP = "F3:12345:987654321012";

  private static String frame(ChatPayload payload) {
    return "{\"type\":\"chat\",\"room\":\"r\",\"sender\":\"s\"," + payload.member(STAMP) + "}";
  }

  @Test
  @DisplayName("the default is today's frame: the bare stamp in content")
  void defaultIsTheBareStamp() {
    assertThat(ChatPayload.DEFAULT.member(STAMP)).isEqualTo("\"content\":\"" + STAMP + "\"");
    assertThat(new ChatPayload(ChatPayload.Kind.JSON, 0).member(STAMP))
        .isEqualTo("\"data\":{\"stamp\":\"" + STAMP + "\"}");
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 4096})
  @DisplayName("text and JSON payloads have exactly the size asked, and give their stamp back")
  void payloadsHaveTheSizeAsked(int size) {
    ChatPayload text = new ChatPayload(ChatPayload.Kind.TEXT, size);
    ChatPayload json = new ChatPayload(ChatPayload.Kind.JSON, size);
    assertThat(text.text(STAMP).getBytes(StandardCharsets.UTF_8)).hasSize(size);
    assertThat(json.json(STAMP).getBytes(StandardCharsets.UTF_8)).hasSize(size);
    assertThat(json.json(STAMP)).startsWith("{\"stamp\":\"" + STAMP + "\",\"pad\":\"xx");
    assertThat(ChatPayload.stampOf(frame(text))).isEqualTo(STAMP);
    assertThat(ChatPayload.stampOf(frame(json))).isEqualTo(STAMP);
  }

  @Test
  @DisplayName(
      "a size below what the stamp needs sends the stamp alone; bad names and sizes are refused")
  void smallSizesAndBadOptions() {
    assertThat(new ChatPayload(ChatPayload.Kind.JSON, 10).json(STAMP))
        .isEqualTo("{\"stamp\":\"" + STAMP + "\"}");
    assertThat(ChatPayload.Kind.parse("JSON")).isEqualTo(ChatPayload.Kind.JSON);
    assertThatThrownBy(() -> ChatPayload.Kind.parse("xml")).hasMessageContaining("--payload");
    assertThatThrownBy(() -> new ChatPayload(ChatPayload.Kind.TEXT, -1))
        .hasMessageContaining("--payload-size");
    assertThat(ChatPayload.stampOf("{\"type\":\"chat\",\"room\":\"r\"}")).isNull();
  }
}

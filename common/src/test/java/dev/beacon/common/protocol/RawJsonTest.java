package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A raw JSON value is captured as its author wrote it")
class RawJsonTest {

  /** One of every JSON type, with the spellings a re-serializer would change. */
  static final List<String> VALUES =
      List.of(
          "{\"a\": 1, \"b\" :[true ,null], \"c\":{}}",
          "[ 1, \"two\", 3.0, [], {\"x\":null} ]",
          "\"plain\"",
          "\"esc\\u00e9ap\\\"ed \\n \\/ é 😀\"",
          "\"\"",
          "0",
          "-12",
          "123456789012345678901234567890",
          "1.10",
          "-0.0",
          "1e400",
          "6.02E+23",
          "true",
          "false",
          "null",
          "{}",
          "[]");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\": 1, \"b\" :[true ,null], \"c\":{}}",
        "[ 1, \"two\", 3.0, [], {\"x\":null} ]",
        "\"plain\"",
        "\"esc\\u00e9ap\\\"ed \\n \\/ é 😀\"",
        "\"\"",
        "0",
        "-12",
        "123456789012345678901234567890",
        "1.10",
        "-0.0",
        "1e400",
        "6.02E+23",
        "true",
        "false",
        "null",
        "{}",
        "[]"
      })
  @DisplayName("from a frame's text, whatever follows it")
  void fromText(String value) {
    assertThat(RawJson.field("{\"type\":\"chat\",\"data\":" + value + "}", "data"))
        .isEqualTo(value);
    assertThat(RawJson.field("{\"data\" :  " + value + "  , \"room\":\"x\"}", "data"))
        .isEqualTo(value);
    assertThat(RawJson.field("{\"data\":" + value + ",\"n\":1}", "data")).isEqualTo(value);
  }

  @Test
  @DisplayName("from UTF-8 record bytes, for every type")
  void fromBytes() throws Exception {
    for (String value : VALUES) {
      byte[] source =
          ("{\"v\":1,\"data\":" + value + ",\"after\":\"é\"}").getBytes(StandardCharsets.UTF_8);
      List<String> found = new ArrayList<>();
      try (JsonParser p = new JsonFactory().createParser(source)) {
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken token = p.nextToken();
          if (name.equals("data")) {
            found.add(RawJson.valueText(p, token, source));
          } else {
            p.skipChildren();
          }
        }
      }
      assertThat(found).as(value).containsExactly(value);
    }
  }

  @Test
  @DisplayName("is the last of a repeated field, null when absent, and refuses a non-object")
  void edges() {
    assertThat(RawJson.field("{\"data\":1,\"data\":[2]}", "data")).isEqualTo("[2]");
    assertThat(RawJson.field("{\"content\":\"hi\"}", "data")).isNull();
    assertThat(RawJson.field("{\"x\":{\"data\":1}}", "data")).isNull();
    assertThatThrownBy(() -> RawJson.field("[1]", "data"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("counts UTF-8 bytes as the encoder would")
  void utf8Length() {
    for (String s : List.of("abc", "é", "€", "😀", "a😀é€")) {
      assertThat(RawJson.utf8Length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
  }
}

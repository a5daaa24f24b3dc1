package dev.beacon.common.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Captures a JSON value as the exact text its author wrote, from the positions a streaming parser
 * reports, never by re-serializing it: a payload's numbers ({@code 1.10}, {@code 1e400}, 30-digit
 * integers), escapes and spacing reach every recipient unchanged.
 */
public final class RawJson {

  private static final JsonFactory JSON = new JsonFactory();

  private RawJson() {}

  /**
   * The text of top-level field {@code name} of JSON object text {@code object} (the last one when
   * it appears twice, as a JSON object reader keeps), or null when it has none.
   *
   * @throws IllegalArgumentException when {@code object} is not a JSON object
   */
  public static String field(String object, String name) {
    try (JsonParser p = JSON.createParser(object)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      String found = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        boolean wanted = p.currentName().equals(name);
        JsonToken token = p.nextToken();
        if (wanted) {
          found = valueText(p, token, object);
        } else {
          p.skipChildren();
        }
      }
      return found;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
    }
  }

  /**
   * The text of the value whose first token {@code p} (reading {@code source} by characters) is on;
   * leaves {@code p} on the value's last token.
   */
  public static String valueText(JsonParser p, JsonToken token, String source) throws IOException {
    int start = (int) p.currentTokenLocation().getCharOffset();
    int end = end(p, token, start, false);
    return source.substring(start, end);
  }

  /**
   * The text of the value whose first token {@code p} (reading UTF-8 {@code source} by bytes) is
   * on; leaves {@code p} on the value's last token.
   */
  public static String valueText(JsonParser p, JsonToken token, byte[] source) throws IOException {
    int start = (int) p.currentTokenLocation().getByteOffset();
    int end = end(p, token, start, true);
    return new String(source, start, end - start, StandardCharsets.UTF_8);
  }

  /** Where the value starting at {@code start} ends (exclusive). */
  private static int end(JsonParser p, JsonToken token, int start, boolean bytes)
      throws IOException {
    return switch (token) {
      case START_OBJECT, START_ARRAY -> {
        p.skipChildren();
        yield (int) offset(p.currentTokenLocation(), bytes) + 1;
      }
      case VALUE_STRING -> {
        p.finishToken();
        yield (int) offset(p.currentLocation(), bytes);
      }
      // Numbers keep their source characters in the parser's buffer: all ASCII.
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> start + p.getTextLength();
      case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> start + token.asString().length();
      default -> throw new IllegalArgumentException("not at the start of a JSON value: " + token);
    };
  }

  private static long offset(JsonLocation location, boolean bytes) {
    return bytes ? location.getByteOffset() : location.getCharOffset();
  }

  /** Length of {@code json} in UTF-8 bytes, without encoding it. */
  public static int utf8Length(String json) {
    int bytes = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < json.length()) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}

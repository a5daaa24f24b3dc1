package dev.beacon.common.protocol;

import java.math.BigDecimal;

/**
 * Builds one compact JSON object in a StringBuilder, fields in the order they are added. Used by
 * every encoder here: cheaper than a JsonObject and the key order is part of the documented
 * examples.
 */
final class JsonText {

  private final StringBuilder sb;
  private boolean empty = true;

  private JsonText(int capacity) {
    sb = new StringBuilder(capacity).append('{');
  }

  static JsonText object(int capacity) {
    return new JsonText(capacity);
  }

  /** A client-facing message, starting with its {@code type}. */
  static JsonText message(String type, int capacity) {
    return object(capacity).field("type", type);
  }

  private StringBuilder name(String name) {
    if (!empty) {
      sb.append(',');
    }
    empty = false;
    return quote(sb, name).append(':');
  }

  /** A string field; null is written as JSON null. */
  JsonText field(String name, String value) {
    StringBuilder out = name(name);
    if (value == null) {
      out.append("null");
    } else {
      quote(out, value);
    }
    return this;
  }

  /** A string field, left out when null. */
  JsonText optional(String name, String value) {
    return value == null ? this : field(name, value);
  }

  JsonText field(String name, long value) {
    name(name).append(value);
    return this;
  }

  JsonText field(String name, boolean value) {
    name(name).append(value);
    return this;
  }

  /** Seconds with millisecond precision, written as a plain decimal (no exponent). */
  JsonText seconds(String name, long millis) {
    name(name).append(BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString());
    return this;
  }

  /** A value that is already JSON text. */
  JsonText raw(String name, String json) {
    name(name).append(json);
    return this;
  }

  /** A value that is already JSON text, left out when null. */
  JsonText rawOptional(String name, String json) {
    return json == null ? this : raw(name, json);
  }

  /** The client's correlation id (a String or a Number), left out when null. */
  JsonText id(Object id) {
    if (id instanceof String s) {
      return field("id", s);
    }
    if (id instanceof Number n) {
      name("id").append(n);
    }
    return this;
  }

  String close() {
    return sb.append('}').toString();
  }

  /** Appends {@code s} as a JSON string literal. */
  static StringBuilder quote(StringBuilder out, String s) {
    out.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.append(s, start, s.length()).append('"');
  }
}

package dev.beacon.tools.bench.fanout;

/**
 * Reads the few fields the load generators need from compact server JSON, without a JSON parser on
 * the hot path.
 */
final class ChatText {

  private ChatText() {}

  /** The frame that subscribes to {@code room}. */
  static String subscribe(String room) {
    return "{\"type\":\"subscribe\",\"room\":\"" + room + "\"}";
  }

  /** {@code "name":"<value>"} of a compact JSON server message, or null. */
  static String field(String text, String name) {
    String key = "\"" + name + "\":";
    int at = text.indexOf(key);
    if (at < 0) {
      return null;
    }
    int i = at + key.length();
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    if (i >= text.length() || text.charAt(i) != '"') {
      return null;
    }
    int end = text.indexOf('"', i + 1);
    return end < 0 ? null : text.substring(i + 1, end);
  }

  /** {@code "name":<digits>} of a compact JSON server message, or -1. */
  static long number(String text, String name) {
    String key = "\"" + name + "\":";
    int at = text.indexOf(key);
    if (at < 0) {
      return -1;
    }
    int i = at + key.length();
    int end = i;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end == i ? -1 : Long.parseLong(text, i, end, 10);
  }

  static boolean isType(String text, String type) {
    int at = text.indexOf("\"type\":\"");
    return at >= 0 && text.startsWith(type + "\"", at + 8);
  }
}

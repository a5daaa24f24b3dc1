package dev.beacon.common.gps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code attributes} of a tracker's fix, bounded so that a request cannot make a fix (and its
 * row) grow without limit: at most {@value #MAX_ATTRIBUTES} names of at most {@value
 * #MAX_NAME_LENGTH} characters, string values cut to {@value #MAX_STRING_LENGTH}. What is beyond
 * the bound is left out rather than refused: trackers send extra parameters Beacon does not know,
 * and losing one of those should not lose the position.
 */
public final class TrackerAttributes {

  public static final int MAX_ATTRIBUTES = 16;
  public static final int MAX_NAME_LENGTH = 32;
  public static final int MAX_STRING_LENGTH = 128;

  private final Map<String, Object> values = new LinkedHashMap<>();

  /** Adds a number, a boolean or a string (cut to length); ignored once full or badly named. */
  public TrackerAttributes put(String name, Object value) {
    if (value == null
        || name == null
        || name.isEmpty()
        || name.length() > MAX_NAME_LENGTH
        || (values.size() >= MAX_ATTRIBUTES && !values.containsKey(name))) {
      return this;
    }
    if (value instanceof String s) {
      values.put(name, s.length() > MAX_STRING_LENGTH ? s.substring(0, MAX_STRING_LENGTH) : s);
    } else if (value instanceof Number || value instanceof Boolean) {
      values.put(name, value);
    }
    return this;
  }

  /**
   * A query parameter's text as Traccar reads it: a number, {@code true}/{@code false}, or text.
   */
  public TrackerAttributes putText(String name, String text) {
    if ("true".equals(text) || "false".equals(text)) {
      return put(name, Boolean.parseBoolean(text));
    }
    try {
      double number = TrackerValues.decimal(name, text);
      return put(name, Double.isFinite(number) ? number : text);
    } catch (InvalidFixException e) {
      return put(name, text);
    }
  }

  public Map<String, Object> values() {
    return values;
  }
}

package dev.beacon.common.device;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The device ids one identity may write fixes for: exact ids, or prefixes ending in {@code *}
 * ({@code van-*} matches {@code van-7}; {@code *} matches every device), as in a device key's
 * {@code devices} and a JWT's {@code devices} claim. Immutable and thread-safe. Shared by every
 * listener that takes fixes (WebSocket, and the HTTP and MQTT trackers), so that one rule decides
 * everywhere.
 */
public final class DeviceGrants {

  /** Longest pattern, in characters (the prefix and its {@code *}). */
  public static final int MAX_PATTERN_LENGTH = 128;

  /**
   * Most patterns one identity may hold: a fleet is named by a prefix, not by a list of thousands.
   */
  public static final int MAX_PATTERNS = 1_000;

  private static final Pattern LEGAL =
      Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_PATTERN_LENGTH + "}\\*?|\\*");

  private final List<String> patterns;

  private DeviceGrants(List<String> patterns) {
    this.patterns = patterns;
  }

  /**
   * The grants named by {@code patterns}, each checked.
   *
   * @throws IllegalArgumentException naming the first bad pattern and the rule, when one breaks it,
   *     or when the list is empty or longer than {@value #MAX_PATTERNS}
   */
  public static DeviceGrants of(List<String> patterns) {
    String problem = problem(patterns);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new DeviceGrants(List.copyOf(patterns));
  }

  /**
   * No device: a token whose {@code devices} claim is an empty array (a person's, not a tracker's).
   */
  public static DeviceGrants none() {
    return new DeviceGrants(List.of());
  }

  /**
   * Exactly one id, taken as it is (a JWT's {@code sub} is a client id, whose rule is wider than a
   * pattern's).
   */
  public static DeviceGrants exactly(String deviceId) {
    return new DeviceGrants(List.of(deviceId));
  }

  /** What is wrong with {@code patterns} as a {@code devices} list, or null when nothing is. */
  public static String problem(List<String> patterns) {
    if (patterns == null || patterns.isEmpty()) {
      return "'devices' must name at least one device id or prefix ending in *";
    }
    if (patterns.size() > MAX_PATTERNS) {
      return "'devices' may hold at most "
          + MAX_PATTERNS
          + " entries; name a fleet by a prefix ending in *";
    }
    for (String pattern : patterns) {
      if (pattern == null || !LEGAL.matcher(pattern).matches()) {
        return "'devices' entry "
            + (pattern == null ? "null" : "'" + abbreviate(pattern) + "'")
            + " must be "
            + rule();
      }
    }
    return null;
  }

  /** The rule for one entry, in words. */
  public static String rule() {
    return "a device id of 1-"
        + MAX_PATTERN_LENGTH
        + " characters of A-Z a-z 0-9 . _ : -, optionally ending in *"
        + " to name every id with that prefix (* alone: every device)";
  }

  public boolean allows(String deviceId) {
    for (String pattern : patterns) {
      if (matches(pattern, deviceId)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String pattern, String deviceId) {
    return pattern.endsWith("*")
        ? deviceId.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(deviceId);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  @Override
  public String toString() {
    return patterns.size() <= 10
        ? patterns.toString()
        : patterns
            .subList(0, 10)
            .toString()
            .replace("]", ", ... " + (patterns.size() - 10) + " more]");
  }
}

package dev.beacon.runtime.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The devices whose stored positions a token's {@code read} claim lets its holder read: exact
 * device ids, or prefixes ending in {@code *} ({@code truck-*} matches {@code truck-7}; {@code *}
 * matches every device). Unlike room grants, a token without the claim reads nothing.
 */
public final class ReadGrants {

  /**
   * The characters of a device id ({@code GpsLimits.DEVICE_ID_CHARS}), which a pattern's fixed part
   * must use too.
   */
  private static final Pattern DEVICE_ID_CHARS = Pattern.compile("[A-Za-z0-9._:-]*");

  private static final int MAX_PATTERN_LENGTH = 65;
  private static final ReadGrants ALL = new ReadGrants(List.of("*"));
  private static final ReadGrants NONE = new ReadGrants(List.of());

  private final List<String> patterns;

  private ReadGrants(List<String> patterns) {
    this.patterns = patterns;
  }

  /** Every device: the static read token, and {@code BEACON_INGESTOR_AUTH=open}. */
  public static ReadGrants all() {
    return ALL;
  }

  /** No device: a token without a {@code read} claim. */
  public static ReadGrants none() {
    return NONE;
  }

  /**
   * The devices matching one of {@code patterns}.
   *
   * @throws IllegalArgumentException naming the first pattern that is not a device id, a prefix
   *     ending in {@code *}, or {@code *}
   */
  public static ReadGrants of(List<String> patterns) {
    for (String pattern : patterns) {
      String fixed = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
      if (pattern.isEmpty()
          || pattern.length() > MAX_PATTERN_LENGTH
          || !DEVICE_ID_CHARS.matcher(fixed).matches()) {
        throw new IllegalArgumentException(
            "'" + pattern + "' is not a device id, a prefix ending in *, or *");
      }
    }
    return patterns.contains("*") ? ALL : new ReadGrants(List.copyOf(patterns));
  }

  public boolean allows(String deviceId) {
    return patterns.stream()
        .anyMatch(
            p ->
                p.endsWith("*")
                    ? deviceId.startsWith(p.substring(0, p.length() - 1))
                    : p.equals(deviceId));
  }

  /** Whether every device is readable, so lists need no filtering. */
  public boolean allowsAll() {
    return patterns.contains("*");
  }

  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  @Override
  public String toString() {
    return patterns.toString();
  }
}

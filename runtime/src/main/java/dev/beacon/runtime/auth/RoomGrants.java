package dev.beacon.runtime.auth;

import java.util.List;

/**
 * The rooms a token's claim ({@code rooms} or {@code publish}) lets its holder use: exact names, or
 * prefixes ending in {@code *} ({@code team-*} matches {@code team-red}; {@code *} matches every
 * room). A token without the claim, and an unauthenticated client, may use every room. The {@code
 * direct} claim matches client ids the same way ({@code ops-*}, {@code *}).
 */
public final class RoomGrants {

  private static final RoomGrants ANY = new RoomGrants(null);

  /** null: no restriction. */
  private final List<String> patterns;

  private RoomGrants(List<String> patterns) {
    this.patterns = patterns;
  }

  /** Every room. */
  public static RoomGrants any() {
    return ANY;
  }

  /** Only the rooms matching one of {@code patterns}; an empty list grants none. */
  public static RoomGrants only(List<String> patterns) {
    return new RoomGrants(List.copyOf(patterns));
  }

  public boolean allows(String room) {
    return patterns == null || patterns.stream().anyMatch(p -> matches(p, room));
  }

  /**
   * Whether the claim names {@code room} (an exact name or a matching prefix): a token without the
   * claim grants nothing explicitly, for namespaces whose channels need a grant.
   */
  public boolean grants(String room) {
    return patterns != null && patterns.stream().anyMatch(p -> matches(p, room));
  }

  private static boolean matches(String pattern, String room) {
    return pattern.endsWith("*")
        ? room.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(room);
  }

  @Override
  public String toString() {
    return patterns == null ? "any" : patterns.toString();
  }
}

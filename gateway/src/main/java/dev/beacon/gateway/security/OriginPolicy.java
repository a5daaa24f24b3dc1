package dev.beacon.gateway.security;

import java.util.List;
import java.util.Locale;

/**
 * The {@code Origin} allow-list that stops Cross-Site WebSocket Hijacking: a page on another site
 * cannot open a socket with its visitor's cookies. Entries are exact origins ({@code
 * https://app.example.com}, with a port when it is not the scheme's default) or a wildcard for any
 * subdomain ({@code https://*.example.com}, which does not match {@code https://example.com}
 * itself). Comparison ignores case.
 *
 * <p>An empty list allows every origin. An upgrade without {@code Origin} is allowed too: browsers
 * always send it, so only non-browser clients (devices, CLIs, services) omit it, and those can
 * claim any origin anyway; use JWT authentication to keep them out.
 */
public final class OriginPolicy {

  private static final String WILDCARD = "*.";

  private final List<String> allowed;

  public OriginPolicy(List<String> allowedOrigins) {
    validate(allowedOrigins);
    this.allowed = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
  }

  /** Whether an upgrade with this {@code Origin} header (null when absent) may proceed. */
  public boolean allows(String origin) {
    if (allowed.isEmpty() || origin == null) {
      return true;
    }
    String candidate = origin.strip().toLowerCase(Locale.ROOT);
    return allowed.stream().anyMatch(entry -> matches(entry, candidate));
  }

  private static boolean matches(String entry, String origin) {
    int star = entry.indexOf(WILDCARD);
    if (star < 0) {
      return entry.equals(origin);
    }
    String scheme = entry.substring(0, star);
    String suffix = entry.substring(star + 1);
    if (!origin.startsWith(scheme) || !origin.endsWith(suffix)) {
      return false;
    }
    String subdomain = origin.substring(scheme.length(), origin.length() - suffix.length());
    return !subdomain.isEmpty()
        && subdomain.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.');
  }

  /**
   * Refuses entries that could never match a browser's {@code Origin}, naming the setting to fix.
   */
  static void validate(List<String> origins) {
    for (String origin : origins) {
      boolean shaped = origin.matches("(?i)https?://(\\*\\.)?[a-z0-9.-]+(:[0-9]{1,5})?");
      if (!shaped) {
        throw new IllegalArgumentException(
            "BEACON_ALLOWED_ORIGINS entry '"
                + origin
                + "' is not an origin: use "
                + "scheme://host[:port] such as https://app.example.com, or https://*.example.com for its subdomains "
                + "(no path, no trailing slash)");
      }
    }
  }
}

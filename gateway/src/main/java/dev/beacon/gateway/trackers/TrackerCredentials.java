package dev.beacon.gateway.trackers;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Where a tracker's HTTP request carries its credential (a device key or a JWT), in the order they
 * are read: {@code Authorization: Bearer <credential>}, the password of {@code Authorization:
 * Basic} (OwnTracks' HTTP mode, whose user name is the OwnTracks user), then the {@code key} or
 * {@code token} parameter (trackers that can set only a URL, as OsmAnd).
 */
final class TrackerCredentials {

  private static final String BEARER = "Bearer ";
  private static final String BASIC = "Basic ";

  private TrackerCredentials() {}

  /** The credential, or null when the request carries none. */
  static String of(MultiMap headers, Map<String, List<String>> parameters) {
    String authorization = headers.get("Authorization");
    if (authorization != null) {
      if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        return authorization.substring(BEARER.length()).strip();
      }
      if (authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
        String password = basicPassword(authorization.substring(BASIC.length()).strip());
        if (password != null) {
          return password;
        }
      }
    }
    for (String name : List.of("key", "token")) {
      List<String> values = parameters.get(name);
      if (values != null && !values.isEmpty() && !values.get(0).isBlank()) {
        return values.get(0).strip();
      }
    }
    return null;
  }

  private static String basicPassword(String encoded) {
    try {
      String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 || colon == pair.length() - 1 ? null : pair.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

package dev.beacon.gateway;

import dev.beacon.gateway.operations.ServerApiConfig;
import java.util.Set;

/**
 * Where a gateway's endpoints live under its path prefix ({@code BEACON_PATH_PREFIX}): the
 * WebSocket endpoints {@code <prefix>/}, {@code <prefix>/ws}, {@code <prefix>/chat} and the admin
 * API {@code <prefix>/api}.
 *
 * @param prefix empty, or like {@code /realtime} (validated by {@link ServerApiConfig})
 */
record EndpointPaths(String prefix) {

  /** Where clients are messaging clients from their first frame. */
  static final String MESSAGING_PATH = "/chat";

  /**
   * {@code /} and {@code /ws} serve devices first: messaging starts with a client's first messaging
   * request.
   */
  static final Set<String> WEBSOCKET_PATHS = Set.of("/", "/ws", MESSAGING_PATH);

  /**
   * Upgrade paths: with a prefix, the prefix itself serves devices like {@code /} does without one.
   */
  Set<String> webSocket() {
    if (prefix.isEmpty()) {
      return WEBSOCKET_PATHS;
    }
    return Set.of(prefix, prefix + "/", prefix + "/ws", messaging());
  }

  /** Where clients are messaging clients from their first frame. */
  String messaging() {
    return prefix + MESSAGING_PATH;
  }

  String api() {
    return prefix + "/api";
  }
}

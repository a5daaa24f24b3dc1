package dev.beacon.gateway.operations;

import java.time.Duration;

/**
 * The server side of a gateway: its admin API, how it stops, how many connections it takes, where it mounts.
 *
 * @param adminToken            bearer token of the admin API under {@code <pathPrefix>/api} ({@code BEACON_ADMIN_TOKEN});
 *                              empty turns the API off (every {@code /api} request gets 404 saying how to turn it on);
 *                              otherwise at least {@value #MIN_ADMIN_TOKEN_LENGTH} characters
 * @param maxConnections        WebSocket connections this gateway process holds at most, across its event loops
 *                              ({@code BEACON_MAX_CONNECTIONS}, default {@value #DEFAULT_MAX_CONNECTIONS}); one more
 *                              upgrade is refused with HTTP 503
 * @param drainReadinessDelay   on a graceful stop, how long {@code /ready} reports 503 before the first client is
 *                              closed, so load balancers stop sending new clients first
 *                              ({@code BEACON_DRAIN_READINESS_DELAY}, default 2 s)
 * @param drainWindow           over how long the clients are closed with 1001, evenly, so they do not all reconnect
 *                              at once ({@code BEACON_DRAIN_WINDOW}, default 10 s); zero closes them all at once
 * @param pathPrefix            prefix of the WebSocket endpoints and the admin API, e.g. {@code /realtime}
 *                              ({@code BEACON_PATH_PREFIX}, default empty); {@code /health} and {@code /ready} stay at
 *                              the root for probes
 * @param internalPort          a second, internal port for the admin API and {@code /metrics} (and {@code /health},
 *                              {@code /ready}), which the public port then no longer serves, like Centrifugo's
 *                              internal port ({@code BEACON_INTERNAL_PORT}, default 0: off, everything on the public
 *                              port)
 * @param internalHost          address of the internal port ({@code BEACON_INTERNAL_HOST}, default
 *                              {@value #DEFAULT_INTERNAL_HOST}: this machine only; {@code 0.0.0.0} in a container whose
 *                              scraper is elsewhere)
 */
public record ServerApiConfig(String adminToken, int maxConnections, Duration drainReadinessDelay,
    Duration drainWindow, String pathPrefix, int internalPort, String internalHost) {

  public static final String DEFAULT_INTERNAL_HOST = "127.0.0.1";

  public static final int DEFAULT_MAX_CONNECTIONS = 50_000;
  public static final int MIN_ADMIN_TOKEN_LENGTH = 16;
  public static final Duration DEFAULT_DRAIN_READINESS_DELAY = Duration.ofSeconds(2);
  public static final Duration DEFAULT_DRAIN_WINDOW = Duration.ofSeconds(10);
  /** How long a drain may last at most: beyond this, orchestrators kill the process anyway. */
  public static final Duration MAX_DRAIN = Duration.ofMinutes(10);

  public ServerApiConfig {
    adminToken = adminToken == null ? "" : adminToken.strip();
    require(adminToken.isEmpty() || adminToken.length() >= MIN_ADMIN_TOKEN_LENGTH,
        "BEACON_ADMIN_TOKEN must be at least " + MIN_ADMIN_TOKEN_LENGTH
            + " characters (e.g. the output of: openssl rand -hex 32), or empty to turn the admin API off");
    require(maxConnections >= 1, "BEACON_MAX_CONNECTIONS must be at least 1, got " + maxConnections);
    requireDrain(drainReadinessDelay, "BEACON_DRAIN_READINESS_DELAY");
    requireDrain(drainWindow, "BEACON_DRAIN_WINDOW");
    pathPrefix = pathPrefix == null ? "" : pathPrefix.strip();
    require(pathPrefix.isEmpty() || pathPrefix.matches("(/[A-Za-z0-9._~-]+)+"),
        "BEACON_PATH_PREFIX must be empty or like /realtime (segments of A-Z a-z 0-9 . _ ~ -, no trailing /), got '"
            + pathPrefix + "'");
    require(internalPort >= 0 && internalPort <= 65_535, "BEACON_INTERNAL_PORT must be 0 (off) or a port, got "
        + internalPort);
    internalHost = internalHost == null || internalHost.isBlank() ? DEFAULT_INTERNAL_HOST : internalHost.strip();
  }

  /** Without an internal port. */
  public ServerApiConfig(String adminToken, int maxConnections, Duration drainReadinessDelay, Duration drainWindow,
      String pathPrefix) {
    this(adminToken, maxConnections, drainReadinessDelay, drainWindow, pathPrefix, 0, DEFAULT_INTERNAL_HOST);
  }

  /** The same with the admin API and {@code /metrics} on {@code port} of {@code host} instead of the public port. */
  public ServerApiConfig withInternalPort(int port, String host) {
    return new ServerApiConfig(adminToken, maxConnections, drainReadinessDelay, drainWindow, pathPrefix, port, host);
  }

  public boolean internalPortEnabled() {
    return internalPort != 0;
  }

  /** API off, {@value #DEFAULT_MAX_CONNECTIONS} connections, a 2 s readiness delay, a 10 s drain window, no prefix. */
  public static ServerApiConfig defaults() {
    return new ServerApiConfig("", DEFAULT_MAX_CONNECTIONS, DEFAULT_DRAIN_READINESS_DELAY, DEFAULT_DRAIN_WINDOW, "");
  }

  public boolean adminApiEnabled() {
    return !adminToken.isEmpty();
  }

  public ServerApiConfig withAdminToken(String token) {
    return new ServerApiConfig(token, maxConnections, drainReadinessDelay, drainWindow, pathPrefix, internalPort, internalHost);
  }

  public ServerApiConfig withMaxConnections(int max) {
    return new ServerApiConfig(adminToken, max, drainReadinessDelay, drainWindow, pathPrefix, internalPort, internalHost);
  }

  public ServerApiConfig withDrain(Duration readinessDelay, Duration window) {
    return new ServerApiConfig(adminToken, maxConnections, readinessDelay, window, pathPrefix, internalPort, internalHost);
  }

  public ServerApiConfig withPathPrefix(String prefix) {
    return new ServerApiConfig(adminToken, maxConnections, drainReadinessDelay, drainWindow, prefix, internalPort, internalHost);
  }

  /** The token is a secret: never print it. */
  @Override
  public String toString() {
    return "ServerApiConfig[adminApi=" + (adminApiEnabled() ? "on" : "off") + ", maxConnections=" + maxConnections
        + ", drainReadinessDelay=" + drainReadinessDelay + ", drainWindow=" + drainWindow + ", pathPrefix='"
        + pathPrefix + "', internalPort=" + internalPort + ", internalHost=" + internalHost + "]";
  }

  private static void requireDrain(Duration value, String envVar) {
    require(value != null && !value.isNegative() && value.compareTo(MAX_DRAIN) <= 0,
        envVar + " must be between 0 and " + MAX_DRAIN.toMinutes() + " minutes, got " + value);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}

package dev.beacon.gateway.operations;

import java.time.Duration;

/**
 * The server side of a gateway: its admin API, how it stops, how many connections it takes, where
 * it mounts.
 *
 * @param adminToken bearer token of the admin API under {@code <pathPrefix>/api} ({@code
 *     BEACON_ADMIN_TOKEN}); empty turns the API off (every {@code /api} request gets 404 saying how
 *     to turn it on); otherwise at least {@value #MIN_ADMIN_TOKEN_LENGTH} characters
 * @param maxConnections WebSocket connections this gateway process holds at most, across its event
 *     loops ({@code BEACON_MAX_CONNECTIONS}, default {@value #DEFAULT_MAX_CONNECTIONS}); one more
 *     upgrade is refused with HTTP 503
 * @param drainReadinessDelay on a graceful stop, how long {@code /ready} reports 503 before the
 *     first client is closed, so load balancers stop sending new clients first ({@code
 *     BEACON_DRAIN_READINESS_DELAY}, default 2 s)
 * @param drainWindow over how long the clients are closed with 1001, evenly, so they do not all
 *     reconnect at once ({@code BEACON_DRAIN_WINDOW}, default 10 s); zero closes them all at once
 * @param pathPrefix prefix of the WebSocket endpoints and the admin API, e.g. {@code /realtime}
 *     ({@code BEACON_PATH_PREFIX}, default empty); {@code /health} and {@code /ready} stay at the
 *     root for probes
 * @param internalPort a second, internal port for the admin API and {@code /metrics} (and {@code
 *     /health}, {@code /ready}), which the public port then no longer serves, like Centrifugo's
 *     internal port ({@code BEACON_INTERNAL_PORT}, default 0: off, everything on the public port)
 * @param internalHost address of the internal port ({@code BEACON_INTERNAL_HOST}, default {@value
 *     #DEFAULT_INTERNAL_HOST}: this machine only; {@code 0.0.0.0} in a container whose scraper is
 *     elsewhere)
 */
public record ServerApiConfig(
    String adminToken,
    int maxConnections,
    Duration drainReadinessDelay,
    Duration drainWindow,
    String pathPrefix,
    int internalPort,
    String internalHost) {

  public static final String DEFAULT_INTERNAL_HOST = "127.0.0.1";

  public static final int DEFAULT_MAX_CONNECTIONS = 50_000;
  public static final int MIN_ADMIN_TOKEN_LENGTH = 16;
  public static final Duration DEFAULT_DRAIN_READINESS_DELAY = Duration.ofSeconds(2);
  public static final Duration DEFAULT_DRAIN_WINDOW = Duration.ofSeconds(10);

  /** How long a drain may last at most: beyond this, orchestrators kill the process anyway. */
  public static final Duration MAX_DRAIN = Duration.ofMinutes(10);

  public ServerApiConfig {
    adminToken = adminToken == null ? "" : adminToken.strip();
    require(
        adminToken.isEmpty() || adminToken.length() >= MIN_ADMIN_TOKEN_LENGTH,
        "BEACON_ADMIN_TOKEN must be at least "
            + MIN_ADMIN_TOKEN_LENGTH
            + " characters (e.g. the output of: openssl rand -hex 32), or empty to turn the admin API off");
    require(
        maxConnections >= 1, "BEACON_MAX_CONNECTIONS must be at least 1, got " + maxConnections);
    requireDrain(drainReadinessDelay, "BEACON_DRAIN_READINESS_DELAY");
    requireDrain(drainWindow, "BEACON_DRAIN_WINDOW");
    pathPrefix = pathPrefix == null ? "" : pathPrefix.strip();
    require(
        pathPrefix.isEmpty() || pathPrefix.matches("(/[A-Za-z0-9._~-]+)+"),
        "BEACON_PATH_PREFIX must be empty or like /realtime (segments of A-Z a-z 0-9 . _ ~ -, no trailing /), got '"
            + pathPrefix
            + "'");
    require(
        internalPort >= 0 && internalPort <= 65_535,
        "BEACON_INTERNAL_PORT must be 0 (off) or a port, got " + internalPort);
    internalHost =
        internalHost == null || internalHost.isBlank()
            ? DEFAULT_INTERNAL_HOST
            : internalHost.strip();
  }

  public boolean internalPortEnabled() {
    return internalPort != 0;
  }

  /**
   * API off, {@value #DEFAULT_MAX_CONNECTIONS} connections, a 2 s readiness delay, a 10 s drain
   * window, no prefix.
   */
  public static ServerApiConfig defaults() {
    return builder().build();
  }

  public boolean adminApiEnabled() {
    return !adminToken.isEmpty();
  }

  /** A builder holding every default; set what differs and {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ServerApiConfig}; {@link #build()} validates it. */
  public static final class Builder {
    private String adminToken = "";
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration drainReadinessDelay = DEFAULT_DRAIN_READINESS_DELAY;
    private Duration drainWindow = DEFAULT_DRAIN_WINDOW;
    private String pathPrefix = "";
    private int internalPort = 0;
    private String internalHost = DEFAULT_INTERNAL_HOST;

    private Builder() {}

    private Builder(ServerApiConfig c) {
      adminToken = c.adminToken;
      maxConnections = c.maxConnections;
      drainReadinessDelay = c.drainReadinessDelay;
      drainWindow = c.drainWindow;
      pathPrefix = c.pathPrefix;
      internalPort = c.internalPort;
      internalHost = c.internalHost;
    }

    /** Empty turns the admin API off. */
    public Builder adminToken(String value) {
      adminToken = value;
      return this;
    }

    public Builder maxConnections(int value) {
      maxConnections = value;
      return this;
    }

    public Builder drainReadinessDelay(Duration value) {
      drainReadinessDelay = value;
      return this;
    }

    public Builder drainWindow(Duration value) {
      drainWindow = value;
      return this;
    }

    public Builder pathPrefix(String value) {
      pathPrefix = value;
      return this;
    }

    /** The admin API and {@code /metrics} on this port instead of the public one; 0 for none. */
    public Builder internalPort(int value) {
      internalPort = value;
      return this;
    }

    public Builder internalHost(String value) {
      internalHost = value;
      return this;
    }

    /** Validates the settings; an invalid one throws IllegalArgumentException naming its knob. */
    public ServerApiConfig build() {
      return new ServerApiConfig(
          adminToken,
          maxConnections,
          drainReadinessDelay,
          drainWindow,
          pathPrefix,
          internalPort,
          internalHost);
    }
  }

  /** The token is a secret: never print it. */
  @Override
  public String toString() {
    return "ServerApiConfig[adminApi="
        + (adminApiEnabled() ? "on" : "off")
        + ", maxConnections="
        + maxConnections
        + ", drainReadinessDelay="
        + drainReadinessDelay
        + ", drainWindow="
        + drainWindow
        + ", pathPrefix='"
        + pathPrefix
        + "', internalPort="
        + internalPort
        + ", internalHost="
        + internalHost
        + "]";
  }

  private static void requireDrain(Duration value, String envVar) {
    require(
        value != null && !value.isNegative() && value.compareTo(MAX_DRAIN) <= 0,
        envVar + " must be between 0 and " + MAX_DRAIN.toMinutes() + " minutes, got " + value);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}

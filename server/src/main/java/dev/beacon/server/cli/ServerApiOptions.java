package dev.beacon.server.cli;

import dev.beacon.gateway.operations.ServerApiConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The gateway's admin API, connection limit, graceful stop and path prefix ({@link
 * ServerApiConfig}).
 */
public final class ServerApiOptions {

  @Option(
      names = "--admin-token",
      defaultValue = "${env:BEACON_ADMIN_TOKEN:-}",
      description =
          "Bearer token of the admin API at /api, at least 16 characters; empty turns the API off (404). "
              + "Prefer the env var: flags show in ps (env BEACON_ADMIN_TOKEN, default empty).")
  String adminToken;

  @Option(
      names = "--max-connections",
      defaultValue = "${env:BEACON_MAX_CONNECTIONS:-50000}",
      description =
          "WebSocket connections this gateway holds at most; one more upgrade gets HTTP 503 "
              + "(env BEACON_MAX_CONNECTIONS, default ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(
      names = "--drain-readiness-delay",
      defaultValue = "${env:BEACON_DRAIN_READINESS_DELAY:-2s}",
      converter = DurationConverter.class,
      description =
          "On SIGTERM, how long /ready answers 503 before the first client is closed "
              + "(env BEACON_DRAIN_READINESS_DELAY, default ${DEFAULT-VALUE}).")
  Duration drainReadinessDelay;

  @Option(
      names = "--drain-window",
      defaultValue = "${env:BEACON_DRAIN_WINDOW:-10s}",
      converter = DurationConverter.class,
      description =
          "On SIGTERM, clients are closed with 1001 evenly over this window; 0s closes them all at once "
              + "(env BEACON_DRAIN_WINDOW, default ${DEFAULT-VALUE}).")
  Duration drainWindow;

  @Option(
      names = "--path-prefix",
      defaultValue = "${env:BEACON_PATH_PREFIX:-}",
      description =
          "Prefix of the WebSocket endpoints and the admin API, e.g. /realtime; /health and /ready stay "
              + "at the root (env BEACON_PATH_PREFIX, default empty).")
  String pathPrefix;

  @Option(
      names = "--internal-port",
      defaultValue = "${env:BEACON_INTERNAL_PORT:-0}",
      description =
          "Port for the admin API and /metrics (plus /health, /ready); when set, the public port no longer "
              + "serves them (env BEACON_INTERNAL_PORT, default ${DEFAULT-VALUE}: off).")
  int internalPort;

  @Option(
      names = "--internal-host",
      defaultValue = "${env:BEACON_INTERNAL_HOST:-127.0.0.1}",
      description =
          "Address of the internal port (env BEACON_INTERNAL_HOST, default ${DEFAULT-VALUE}).")
  String internalHost;

  public ServerApiConfig config() {
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

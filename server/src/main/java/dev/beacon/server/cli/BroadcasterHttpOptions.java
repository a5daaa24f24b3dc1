package dev.beacon.server.cli;

import picocli.CommandLine.Option;

/**
 * Where {@code beacon broadcaster} serves {@code /health}, {@code /ready} and {@code /metrics}.
 * {@code beacon local} has no such server: its services share one JVM and one registry, which the
 * gateway's {@code /metrics} shows.
 */
public final class BroadcasterHttpOptions {

  /** The broadcaster's HTTP port when none is configured. */
  public static final int DEFAULT_PORT = 8090;

  @Option(
      names = "--http-host",
      defaultValue = "${env:BEACON_BROADCASTER_HTTP_HOST:-0.0.0.0}",
      description =
          "Interface of /health, /ready and /metrics (env BEACON_BROADCASTER_HTTP_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--http-port",
      defaultValue = "${env:BEACON_BROADCASTER_HTTP_PORT:-" + DEFAULT_PORT + "}",
      description =
          "Port of /health, /ready and /metrics; 0 picks a free one "
              + "(env BEACON_BROADCASTER_HTTP_PORT, default ${DEFAULT-VALUE}).")
  int port;

  /** The port, checked: an out-of-range value names the variable to fix. */
  int port() {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "broadcaster HTTP port "
              + port
              + " is not a TCP port; set --http-port or BEACON_BROADCASTER_HTTP_PORT to 0-65535");
    }
    return port;
  }
}

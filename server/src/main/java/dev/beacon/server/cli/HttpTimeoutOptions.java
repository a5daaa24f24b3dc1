package dev.beacon.server.cli;

import dev.beacon.runtime.http.HttpTimeouts;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Idle and header-read timeouts of a service's HTTP servers (docs/security.md, "Bounded
 * resources").
 */
public final class HttpTimeoutOptions {

  @Option(
      names = "--http-idle-timeout",
      defaultValue = "${env:BEACON_HTTP_IDLE_TIMEOUT:-60s}",
      converter = DurationConverter.class,
      description =
          "Close an HTTP connection with no bytes in or out for this long; WebSockets leave it at their "
              + "upgrade (env BEACON_HTTP_IDLE_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration idle;

  @Option(
      names = "--http-header-timeout",
      defaultValue = "${env:BEACON_HTTP_HEADER_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description =
          "Close a connection that has not sent a whole request head this long after it was accepted "
              + "(env BEACON_HTTP_HEADER_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration headerRead;

  public HttpTimeouts config() {
    return new HttpTimeouts(idle, headerRead);
  }
}

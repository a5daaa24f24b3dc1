package dev.beacon.runtime.http;

import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long an HTTP connection of a Beacon server may hold a socket without doing its part, so that
 * idle or trickling clients cannot pile up connections.
 *
 * @param idle a connection with no bytes in or out for this long is closed ({@code
 *     BEACON_HTTP_IDLE_TIMEOUT}, default 60 s); a WebSocket leaves this behind at its upgrade,
 *     where the heartbeat (4001) rules
 * @param headerRead a connection that has not sent a whole request head (request line and headers)
 *     this long after it was accepted, or after its previous response, is closed without an answer
 *     ({@code BEACON_HTTP_HEADER_TIMEOUT}, default 10 s)
 */
public record HttpTimeouts(Duration idle, Duration headerRead) {

  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
  public static final Duration DEFAULT_HEADER_READ = Duration.ofSeconds(10);

  public HttpTimeouts {
    require(idle, "BEACON_HTTP_IDLE_TIMEOUT");
    require(headerRead, "BEACON_HTTP_HEADER_TIMEOUT");
  }

  public static HttpTimeouts defaults() {
    return new HttpTimeouts(DEFAULT_IDLE, DEFAULT_HEADER_READ);
  }

  /**
   * For a server with knobs of its own (the ingestor's read API: {@code
   * BEACON_INGESTOR_IDLE_TIMEOUT}, {@code BEACON_INGESTOR_HEADER_TIMEOUT}): an invalid value is
   * refused naming its knob.
   */
  public static HttpTimeouts of(
      Duration idle, String idleKnob, Duration headerRead, String headerReadKnob) {
    require(idle, idleKnob);
    require(headerRead, headerReadKnob);
    return new HttpTimeouts(idle, headerRead);
  }

  /**
   * Sets the idle timeout on {@code options}, and turns h2c off: with it, Vert.x waits for a
   * connection's first bytes to choose between HTTP/1.1 and HTTP/2 before it hands the connection
   * over, so a socket that sends nothing would escape {@link HeaderReadDeadline} and accept-time
   * counting. Beacon's servers speak HTTP/1.1 (and HTTP/2 over TLS).
   */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    return options
        .setIdleTimeout((int) idle.toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setHttp2ClearTextEnabled(false);
  }

  private static void require(Duration value, String knob) {
    if (value == null || value.toMillis() < 100 || value.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          knob + " must be between 100ms and 1h (e.g. 10s), got " + value);
    }
  }
}

package dev.beacon.ingestor;

import java.time.Duration;

/**
 * How long the read API's HTTP server keeps a connection that does nothing useful.
 *
 * @param idle a connection on which nothing is read or written for this long is closed, e.g. a
 *     client that stopped reading its response ({@code BEACON_INGESTOR_IDLE_TIMEOUT})
 * @param headerRead from accepting a connection, or from the end of the previous response on a
 *     kept-alive one, to the end of the request's headers; a connection that has not sent a whole
 *     request line and headers by then is closed, however slowly it trickles bytes ({@code
 *     BEACON_INGESTOR_HEADER_TIMEOUT})
 */
public record HttpTimeouts(Duration idle, Duration headerRead) {

  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
  public static final Duration DEFAULT_HEADER_READ = Duration.ofSeconds(10);
  static final Duration MAX = Duration.ofHours(1);

  public HttpTimeouts {
    require(idle, "idle timeout", "BEACON_INGESTOR_IDLE_TIMEOUT", DEFAULT_IDLE);
    require(
        headerRead, "header-read timeout", "BEACON_INGESTOR_HEADER_TIMEOUT", DEFAULT_HEADER_READ);
  }

  public static HttpTimeouts defaults() {
    return new HttpTimeouts(DEFAULT_IDLE, DEFAULT_HEADER_READ);
  }

  private static void require(Duration value, String what, String knob, Duration fallback) {
    if (value == null || value.toMillis() < 1 || value.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "the read API's "
              + what
              + " "
              + value
              + " must be between 1ms and "
              + MAX.toMinutes()
              + " minutes; set "
              + knob
              + " (default "
              + fallback.toSeconds()
              + "s)");
    }
  }
}

package dev.beacon.tools.bench;

import java.net.URI;
import java.util.Locale;

/**
 * The way {@link GpsLoad} hands fixes to a gateway, and what counts as their ack.
 *
 * <p>{@code WS}: CSV frames on {@code /ws}, acked by {@code OK}. {@code HTTP}: OsmAnd requests on
 * the tracker HTTP port (keep-alive, no pipelining, so one request in flight per connection), acked
 * by {@code 200}. {@code MQTT}: QoS 1 publishes of the JSON fix to {@code beacon/gps/<device>},
 * acked by {@code PUBACK}.
 */
public enum GpsLoadPath {
  WS("ws", "wss"),
  HTTP("http", "https"),
  MQTT("mqtt", "tcp");

  private final String scheme;
  private final String alternativeScheme;

  GpsLoadPath(String scheme, String alternativeScheme) {
    this.scheme = scheme;
    this.alternativeScheme = alternativeScheme;
  }

  /** The name on the command line and in result rows: {@code ws}, {@code http}, {@code mqtt}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Rejects a target this path cannot connect to, saying what it expects. */
  public URI requireTarget(URI url) {
    if (this == WS) {
      return WebSocketEndpoint.requireWebSocketUri(url);
    }
    String example = this == HTTP ? "http://localhost:5055/" : "mqtt://localhost:1883";
    if (url == null || url.getHost() == null) {
      throw new IllegalArgumentException(
          label() + " target must be absolute, like " + example + ", got " + url);
    }
    if (!scheme.equalsIgnoreCase(url.getScheme())
        && !alternativeScheme.equalsIgnoreCase(url.getScheme())) {
      throw new IllegalArgumentException(
          label()
              + " target must start with "
              + scheme
              + ":// or "
              + alternativeScheme
              + "://, like "
              + example
              + ", got "
              + url);
    }
    return url;
  }

  /** Parses {@code ws}, {@code http} or {@code mqtt}, in any case. */
  public static GpsLoadPath parse(String text) {
    for (GpsLoadPath path : values()) {
      if (path.label().equalsIgnoreCase(text.trim())) {
        return path;
      }
    }
    throw new IllegalArgumentException("path must be ws, http or mqtt, got '" + text + "'");
  }
}

package dev.beacon.gateway.trackers;

import java.time.Duration;

/**
 * The listeners for the protocols trackers speak beside Beacon's WebSocket (docs/trackers.md):
 * OsmAnd / Traccar Client and OwnTracks over HTTP on one port, OwnTracks and Beacon's JSON fix over
 * MQTT 3.1.1 on another. Both are off by default in {@code beacon gateway} (a deployment opens new
 * ports on purpose) and on in {@code beacon local}. They bind the gateway's host.
 *
 * @param httpEnabled serve the tracker HTTP port ({@code BEACON_TRACKER_HTTP}, default off)
 * @param httpPort its port ({@code BEACON_TRACKER_HTTP_PORT}, default {@value #DEFAULT_HTTP_PORT},
 *     Traccar's OsmAnd port; 0 picks a free one)
 * @param maxBodyBytes the largest request body the HTTP port reads; a larger one gets 413 ({@code
 *     BEACON_TRACKER_MAX_BODY_BYTES}, default {@value #DEFAULT_MAX_BODY_BYTES})
 * @param mqttEnabled serve MQTT ({@code BEACON_MQTT}, default off)
 * @param mqttPort its port ({@code BEACON_MQTT_PORT}, default {@value #DEFAULT_MQTT_PORT}; 0 picks
 *     a free one)
 * @param mqttMaxPacketBytes the largest MQTT packet; a larger one closes the connection ({@code
 *     BEACON_MQTT_MAX_PACKET_BYTES}, default {@value #DEFAULT_MAX_PACKET_BYTES})
 * @param mqttMaxKeepAlive the longest keep-alive a client may ask for; one asking for more, or for
 *     none (0), is held to this, and any connection silent for 1.5 times its keep-alive is closed
 *     ({@code BEACON_MQTT_MAX_KEEP_ALIVE}, default 1 h, OwnTracks' own default)
 * @param mqttConnectTimeout how long a new TCP connection has to send its CONNECT ({@code
 *     BEACON_MQTT_CONNECT_TIMEOUT}, default 10 s)
 */
public record TrackerConfig(
    boolean httpEnabled,
    int httpPort,
    int maxBodyBytes,
    boolean mqttEnabled,
    int mqttPort,
    int mqttMaxPacketBytes,
    Duration mqttMaxKeepAlive,
    Duration mqttConnectTimeout) {

  public static final int DEFAULT_HTTP_PORT = 5055;
  public static final int DEFAULT_MAX_BODY_BYTES = 16_384;
  public static final int DEFAULT_MQTT_PORT = 1883;
  public static final int DEFAULT_MAX_PACKET_BYTES = 16_384;
  public static final Duration DEFAULT_MAX_KEEP_ALIVE = Duration.ofHours(1);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Below this no tracker's fix fits (an OwnTracks location is about 300 bytes). */
  public static final int MIN_BYTES = 1024;

  public TrackerConfig {
    require(
        httpPort >= 0 && httpPort <= 65_535,
        "BEACON_TRACKER_HTTP_PORT must be 0-65535, got " + httpPort);
    require(
        mqttPort >= 0 && mqttPort <= 65_535, "BEACON_MQTT_PORT must be 0-65535, got " + mqttPort);
    require(
        maxBodyBytes >= MIN_BYTES,
        "BEACON_TRACKER_MAX_BODY_BYTES must be at least " + MIN_BYTES + ", got " + maxBodyBytes);
    require(
        mqttMaxPacketBytes >= MIN_BYTES && mqttMaxPacketBytes <= 268_435_455,
        "BEACON_MQTT_MAX_PACKET_BYTES must be "
            + MIN_BYTES
            + "-268435455 (MQTT's largest), got "
            + mqttMaxPacketBytes);
    require(
        mqttMaxKeepAlive != null
            && mqttMaxKeepAlive.toSeconds() >= 1
            && mqttMaxKeepAlive.toSeconds() <= 65_535,
        "BEACON_MQTT_MAX_KEEP_ALIVE must be 1 s to 65535 s (MQTT's largest), got "
            + mqttMaxKeepAlive);
    require(
        mqttConnectTimeout != null && mqttConnectTimeout.toSeconds() >= 1,
        "BEACON_MQTT_CONNECT_TIMEOUT must be at least 1 s, got " + mqttConnectTimeout);
  }

  /** Both listeners off: a gateway as before trackers. */
  public static TrackerConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .httpEnabled(httpEnabled)
        .httpPort(httpPort)
        .maxBodyBytes(maxBodyBytes)
        .mqttEnabled(mqttEnabled)
        .mqttPort(mqttPort)
        .mqttMaxPacketBytes(mqttMaxPacketBytes)
        .mqttMaxKeepAlive(mqttMaxKeepAlive)
        .mqttConnectTimeout(mqttConnectTimeout);
  }

  /** Builds a {@link TrackerConfig}; {@link #build()} validates it. */
  public static final class Builder {
    private boolean httpEnabled;
    private int httpPort = DEFAULT_HTTP_PORT;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private boolean mqttEnabled;
    private int mqttPort = DEFAULT_MQTT_PORT;
    private int mqttMaxPacketBytes = DEFAULT_MAX_PACKET_BYTES;
    private Duration mqttMaxKeepAlive = DEFAULT_MAX_KEEP_ALIVE;
    private Duration mqttConnectTimeout = DEFAULT_CONNECT_TIMEOUT;

    private Builder() {}

    public Builder httpEnabled(boolean value) {
      httpEnabled = value;
      return this;
    }

    public Builder httpPort(int value) {
      httpPort = value;
      return this;
    }

    public Builder maxBodyBytes(int value) {
      maxBodyBytes = value;
      return this;
    }

    public Builder mqttEnabled(boolean value) {
      mqttEnabled = value;
      return this;
    }

    public Builder mqttPort(int value) {
      mqttPort = value;
      return this;
    }

    public Builder mqttMaxPacketBytes(int value) {
      mqttMaxPacketBytes = value;
      return this;
    }

    public Builder mqttMaxKeepAlive(Duration value) {
      mqttMaxKeepAlive = value;
      return this;
    }

    public Builder mqttConnectTimeout(Duration value) {
      mqttConnectTimeout = value;
      return this;
    }

    public TrackerConfig build() {
      return new TrackerConfig(
          httpEnabled,
          httpPort,
          maxBodyBytes,
          mqttEnabled,
          mqttPort,
          mqttMaxPacketBytes,
          mqttMaxKeepAlive,
          mqttConnectTimeout);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}

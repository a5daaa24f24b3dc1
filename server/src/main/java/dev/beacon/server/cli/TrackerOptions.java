package dev.beacon.server.cli;

import dev.beacon.gateway.trackers.TrackerConfig;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The tracker listeners (docs/trackers.md): OsmAnd, Traccar Client and OwnTracks over HTTP, and
 * MQTT. Off unless asked for in {@code beacon gateway}, on in {@code beacon local}.
 */
public final class TrackerOptions {

  @Option(
      names = "--tracker-http",
      defaultValue = "${env:BEACON_TRACKER_HTTP:-}",
      description =
          "Serve the tracker HTTP port (OsmAnd, Traccar Client, OwnTracks HTTP): true or false "
              + "(env BEACON_TRACKER_HTTP; default false for 'gateway', true for 'local').")
  String http;

  @Option(
      names = "--tracker-http-port",
      defaultValue = "${env:BEACON_TRACKER_HTTP_PORT:-5055}",
      description =
          "Port of the tracker HTTP listener, Traccar's OsmAnd port by default; 0 picks a free one "
              + "(env BEACON_TRACKER_HTTP_PORT, default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--tracker-max-body-bytes",
      defaultValue = "${env:BEACON_TRACKER_MAX_BODY_BYTES:-16384}",
      description =
          "Largest request body the tracker HTTP port reads; a larger one gets 413 "
              + "(env BEACON_TRACKER_MAX_BODY_BYTES, default ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(
      names = "--mqtt",
      defaultValue = "${env:BEACON_MQTT:-}",
      description =
          "Serve MQTT 3.1.1 for trackers (OwnTracks, beacon/gps/<device>): true or false "
              + "(env BEACON_MQTT; default false for 'gateway', true for 'local').")
  String mqtt;

  @Option(
      names = "--mqtt-port",
      defaultValue = "${env:BEACON_MQTT_PORT:-1883}",
      description =
          "Port of the MQTT listener; 0 picks a free one (env BEACON_MQTT_PORT, default ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(
      names = "--mqtt-max-packet-bytes",
      defaultValue = "${env:BEACON_MQTT_MAX_PACKET_BYTES:-16384}",
      description =
          "Largest MQTT packet; a larger one closes the connection "
              + "(env BEACON_MQTT_MAX_PACKET_BYTES, default ${DEFAULT-VALUE}).")
  int mqttMaxPacketBytes;

  @Option(
      names = "--mqtt-max-keep-alive",
      defaultValue = "${env:BEACON_MQTT_MAX_KEEP_ALIVE:-1h}",
      converter = DurationConverter.class,
      description =
          "Longest MQTT keep-alive a client may ask for; one asking for none or more is held to it, and a "
              + "connection silent for 1.5 times its keep-alive is closed (env BEACON_MQTT_MAX_KEEP_ALIVE, default ${DEFAULT-VALUE}).")
  Duration mqttMaxKeepAlive;

  @Option(
      names = "--mqtt-connect-timeout",
      defaultValue = "${env:BEACON_MQTT_CONNECT_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description =
          "How long a new MQTT connection has to send CONNECT (env BEACON_MQTT_CONNECT_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration mqttConnectTimeout;

  /**
   * The settings; a listener whose switch is unset is on when {@code enabledWhenUnset} ({@code
   * beacon local}).
   */
  public TrackerConfig config(boolean enabledWhenUnset) {
    return TrackerConfig.builder()
        .httpEnabled(enabled(http, "BEACON_TRACKER_HTTP (--tracker-http)", enabledWhenUnset))
        .httpPort(httpPort)
        .maxBodyBytes(maxBodyBytes)
        .mqttEnabled(enabled(mqtt, "BEACON_MQTT (--mqtt)", enabledWhenUnset))
        .mqttPort(mqttPort)
        .mqttMaxPacketBytes(mqttMaxPacketBytes)
        .mqttMaxKeepAlive(mqttMaxKeepAlive)
        .mqttConnectTimeout(mqttConnectTimeout)
        .build();
  }

  private static boolean enabled(String value, String setting, boolean whenUnset) {
    if (value == null || value.isBlank()) {
      return whenUnset;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "1" -> true;
      case "false", "off", "no", "0" -> false;
      default ->
          throw new IllegalArgumentException(
              setting + " must be true or false, got '" + value + "'");
    };
  }
}

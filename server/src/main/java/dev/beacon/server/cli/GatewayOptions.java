package dev.beacon.server.cli;

import dev.beacon.common.gps.GpsLimits;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.security.ResourceBounds;
import dev.beacon.gateway.session.ClientPings;
import dev.beacon.runtime.devices.DeviceAuthMode;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The gateway's listener and limits. */
public final class GatewayOptions {

  @Option(
      names = "--host",
      defaultValue = "${env:BEACON_GATEWAY_HOST:-0.0.0.0}",
      description = "Gateway listen address (env BEACON_GATEWAY_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:BEACON_GATEWAY_PORT:-8080}",
      description =
          "Gateway WebSocket/HTTP port (env BEACON_GATEWAY_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--instances",
      defaultValue = "${env:BEACON_GATEWAY_INSTANCES:-0}",
      description =
          "Gateway verticle instances; 0 = one per core (env BEACON_GATEWAY_INSTANCES, default ${DEFAULT-VALUE}).")
  int instances;

  @Option(
      names = "--gateway-id",
      defaultValue = "${env:BEACON_GATEWAY_ID:-}",
      description =
          "Id stamped on every fix this gateway accepts; empty = host-port (env BEACON_GATEWAY_ID).")
  String gatewayId;

  @Option(
      names = "--max-line-length",
      defaultValue = "${env:BEACON_MAX_LINE_LENGTH:-256}",
      description =
          "Longest accepted CSV line or JSON gps frame, in characters; longer gets ERR line_too_long (env BEACON_MAX_LINE_LENGTH, default ${DEFAULT-VALUE}).")
  int maxLineLength;

  @Option(
      names = "--device-id-max-length",
      defaultValue = "${env:BEACON_DEVICE_ID_MAX_LENGTH:-64}",
      description =
          "Longest accepted device id (env BEACON_DEVICE_ID_MAX_LENGTH, default ${DEFAULT-VALUE}).")
  int deviceIdMaxLength;

  @Option(
      names = "--max-future-skew",
      defaultValue = "${env:BEACON_MAX_FUTURE_SKEW:-5m}",
      converter = DurationConverter.class,
      description =
          "How far ahead of the server clock a fix timestamp may be (env BEACON_MAX_FUTURE_SKEW, default ${DEFAULT-VALUE}).")
  Duration maxFutureSkew;

  @Option(
      names = "--max-frame-size",
      defaultValue = "${env:BEACON_MAX_FRAME_SIZE:-65536}",
      description =
          "Largest WebSocket frame in bytes; larger closes with 1009 (env BEACON_MAX_FRAME_SIZE, default ${DEFAULT-VALUE}).")
  int maxFrameSize;

  @Option(
      names = "--max-message-size",
      defaultValue = "${env:BEACON_MAX_MESSAGE_SIZE:-65536}",
      description =
          "Largest reassembled WebSocket message in bytes; larger closes with 1009 (env BEACON_MAX_MESSAGE_SIZE, default ${DEFAULT-VALUE}).")
  int maxMessageSize;

  @Option(
      names = "--max-in-flight-per-connection",
      defaultValue = "${env:BEACON_MAX_IN_FLIGHT_PER_CONNECTION:-1024}",
      description =
          "Frames awaiting a reply on one connection; more closes with 4008 (env BEACON_MAX_IN_FLIGHT_PER_CONNECTION, default ${DEFAULT-VALUE}).")
  int maxInFlightPerConnection;

  @Option(
      names = "--max-in-flight-total",
      defaultValue = "${env:BEACON_MAX_IN_FLIGHT_TOTAL:-100000}",
      description =
          "Fixes awaiting a Kafka ack in this process; more are answered ERR overloaded (env BEACON_MAX_IN_FLIGHT_TOTAL, default ${DEFAULT-VALUE}).")
  int maxInFlightTotal;

  @Option(
      names = "--heartbeat-interval",
      defaultValue = "${env:BEACON_HEARTBEAT_INTERVAL:-25s}",
      converter = DurationConverter.class,
      description =
          "Ping a connection quiet for this long; 0s turns pings off (env BEACON_HEARTBEAT_INTERVAL, default ${DEFAULT-VALUE}).")
  Duration heartbeatInterval;

  @Option(
      names = "--heartbeat-timeout",
      defaultValue = "${env:BEACON_HEARTBEAT_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description =
          "Close with 4001 a pinged connection silent this long (env BEACON_HEARTBEAT_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration heartbeatTimeout;

  @Option(
      names = "--max-outbound-bytes",
      defaultValue = "${env:BEACON_MAX_OUTBOUND_BYTES:-1048576}",
      description =
          "Bytes queued for one client before it is closed with 4010 as a slow consumer "
              + "(env BEACON_MAX_OUTBOUND_BYTES, default ${DEFAULT-VALUE}).")
  long maxOutboundBytes;

  @Option(
      names = "--ws-compression",
      defaultValue = "${env:BEACON_WS_COMPRESSION:-false}",
      arity = "1",
      description =
          "Accept permessage-deflate when a client offers it; costs about 77 KB of native memory per "
              + "compressing connection (env BEACON_WS_COMPRESSION, default ${DEFAULT-VALUE}).")
  boolean webSocketCompression;

  @Option(
      names = "--presence-period",
      defaultValue = "${env:BEACON_PRESENCE_PERIOD:-5s}",
      converter = DurationConverter.class,
      description =
          "How often this gateway heartbeats on beacon.presence; the period travels in each heartbeat and "
              + "a gateway silent for 3 of its periods counts as gone (env BEACON_PRESENCE_PERIOD, default ${DEFAULT-VALUE}).")
  Duration presencePeriod;

  @Option(
      names = "--max-recovery-readers",
      defaultValue = "${env:BEACON_MAX_RECOVERY_READERS:-4}",
      description =
          "History readers (Kafka consumers) replaying subscribe-with-since at once in this gateway; more "
              + "wait their turn (env BEACON_MAX_RECOVERY_READERS, default ${DEFAULT-VALUE}).")
  int maxRecoveryReaders;

  @Option(
      names = "--max-recoveries-per-connection",
      defaultValue = "${env:BEACON_MAX_RECOVERIES_PER_CONNECTION:-2}",
      description =
          "Subscribe-with-since replays one connection may have in flight; more are answered error "
              + "recovery_busy (env BEACON_MAX_RECOVERIES_PER_CONNECTION, default ${DEFAULT-VALUE}).")
  int maxRecoveriesPerConnection;

  @Option(
      names = "--admin-max-failures",
      defaultValue = "${env:BEACON_ADMIN_MAX_FAILURES:-10}",
      description =
          "Wrong admin tokens one address may send per --admin-failure-window before its admin requests "
              + "get 429 (env BEACON_ADMIN_MAX_FAILURES, default ${DEFAULT-VALUE}).")
  int adminMaxFailures;

  @Option(
      names = "--admin-failure-window",
      defaultValue = "${env:BEACON_ADMIN_FAILURE_WINDOW:-1m}",
      converter = DurationConverter.class,
      description =
          "Window of --admin-max-failures, and how long its 429 lasts "
              + "(env BEACON_ADMIN_FAILURE_WINDOW, default ${DEFAULT-VALUE}).")
  Duration adminFailureWindow;

  @Option(
      names = "--metrics-token",
      defaultValue = "${env:BEACON_METRICS_TOKEN:-}",
      description =
          "Bearer token /metrics requires on the public port when no --internal-port serves it; empty "
              + "leaves it open (env BEACON_METRICS_TOKEN, default empty). Prefer the env var: flags show in ps.")
  String metricsToken;

  @Mixin HttpTimeoutOptions http;

  @Option(
      names = "--max-rooms-per-connection",
      defaultValue = "${env:BEACON_MAX_ROOMS_PER_CONNECTION:-256}",
      description =
          "Rooms one connection may be subscribed to, the default room included; one more gets error "
              + "too_many_rooms; 0 = no limit (env BEACON_MAX_ROOMS_PER_CONNECTION, default ${DEFAULT-VALUE}).")
  int maxRoomsPerConnection;

  @Mixin ServerApiOptions serverApi;

  @Mixin SecurityOptions security;

  @Mixin DeviceAuthOptions deviceAuth;

  @Mixin FixDetailOptions fixDetails;
  @Mixin NamespaceOptions namespaces;

  @Mixin ProxyOptions proxy;
  @Mixin GeofenceOptions geofences;

  /**
   * The settings, with {@code BEACON_DEVICE_AUTH} {@code authenticated} when unset ({@code beacon
   * gateway}).
   */
  public GatewayConfig config() {
    return config(DeviceAuthMode.AUTHENTICATED);
  }

  /**
   * The settings, with {@code BEACON_DEVICE_AUTH} {@code deviceAuthWhenUnset} when unset ({@code
   * beacon local}: open).
   */
  public GatewayConfig config(DeviceAuthMode deviceAuthWhenUnset) {
    int cores = Runtime.getRuntime().availableProcessors();
    return GatewayConfig.builder()
        .host(host)
        .port(port)
        .instances(instances > 0 ? instances : cores)
        .gatewayId(gatewayId == null || gatewayId.isBlank() ? null : gatewayId)
        .limits(new GpsLimits(maxLineLength, deviceIdMaxLength, maxFutureSkew, fixDetails.limits()))
        .maxFrameSize(maxFrameSize)
        .maxMessageSize(maxMessageSize)
        .maxInFlightPerConnection(maxInFlightPerConnection)
        .maxInFlightTotal(maxInFlightTotal)
        .heartbeat(new ClientPings(heartbeatInterval, heartbeatTimeout))
        .maxOutboundBytes(maxOutboundBytes)
        .serverApi(serverApi.config())
        .security(security.config())
        .webSocketCompression(webSocketCompression)
        .presencePeriod(presencePeriod)
        .bounds(
            new ResourceBounds(
                http.config(),
                maxRecoveryReaders,
                maxRecoveriesPerConnection,
                adminMaxFailures,
                adminFailureWindow))
        .metricsToken(metricsToken)
        .maxRoomsPerConnection(maxRoomsPerConnection)
        .deviceAuth(deviceAuth.mode(deviceAuthWhenUnset))
        .namespaces(namespaces.namespaces())
        .proxy(proxy.config())
        .geofences(geofences.limits())
        .build();
  }
}

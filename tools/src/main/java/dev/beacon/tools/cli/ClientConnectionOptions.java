package dev.beacon.tools.cli;

import dev.beacon.client.ClientOptions;
import dev.beacon.client.ReconnectPolicy;
import dev.beacon.server.cli.DurationConverter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The Java client library's connection options ({@link ClientOptions}) as flags and environment
 * variables.
 */
public final class ClientConnectionOptions {

  @Option(
      names = "--header",
      paramLabel = "NAME=VALUE",
      description = "Extra HTTP header of the WebSocket upgrade request; repeatable.")
  Map<String, String> headers = new LinkedHashMap<>();

  @Option(
      names = "--ping-interval",
      defaultValue = "${env:BEACON_CLIENT_PING_INTERVAL:-20s}",
      converter = DurationConverter.class,
      description =
          "Keep-alive: a WebSocket ping every interval while open; 0s = off (env BEACON_CLIENT_PING_INTERVAL, default ${DEFAULT-VALUE}).")
  Duration pingInterval;

  @Option(
      names = "--pong-timeout",
      defaultValue = "${env:BEACON_CLIENT_PONG_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description =
          "No pong nor any frame this long after a ping: the connection is dead, closed with 4001 and reopened (env BEACON_CLIENT_PONG_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration pongTimeout;

  @Option(
      names = "--connect-timeout",
      defaultValue = "${env:BEACON_CLIENT_CONNECT_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description =
          "Longest WebSocket handshake (env BEACON_CLIENT_CONNECT_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--max-message-size",
      defaultValue = "${env:BEACON_CLIENT_MAX_MESSAGE_SIZE:-1048576}",
      description =
          "Largest message sent or received, bytes; a larger one received closes with 1009 (env BEACON_CLIENT_MAX_MESSAGE_SIZE, default ${DEFAULT-VALUE}).")
  int maxMessageSize;

  @Option(
      names = "--max-frame-size",
      defaultValue = "${env:BEACON_CLIENT_MAX_FRAME_SIZE:-65536}",
      description =
          "Largest frame, bytes: longer messages are sent in fragments of this size (env BEACON_CLIENT_MAX_FRAME_SIZE, default ${DEFAULT-VALUE}).")
  int maxFrameSize;

  @Option(
      names = "--send-queue-limit",
      defaultValue = "${env:BEACON_CLIENT_SEND_QUEUE_LIMIT:-1024}",
      description =
          "Messages that may wait to be written before a send is refused (env BEACON_CLIENT_SEND_QUEUE_LIMIT, default ${DEFAULT-VALUE}).")
  int sendQueueLimit;

  @Option(
      names = "--request-timeout",
      defaultValue = "${env:BEACON_CLIENT_REQUEST_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description =
          "Longest wait for the reply to a request such as ping or subscribe (env BEACON_CLIENT_REQUEST_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(
      names = "--reconnect-initial-delay",
      defaultValue = "${env:BEACON_CLIENT_RECONNECT_INITIAL_DELAY:-250ms}",
      converter = DurationConverter.class,
      description =
          "Cap of the first reconnect delay, doubled per attempt, with full jitter (env BEACON_CLIENT_RECONNECT_INITIAL_DELAY, default ${DEFAULT-VALUE}).")
  Duration reconnectInitialDelay;

  @Option(
      names = "--reconnect-max-delay",
      defaultValue = "${env:BEACON_CLIENT_RECONNECT_MAX_DELAY:-10s}",
      converter = DurationConverter.class,
      description =
          "Cap of every reconnect delay (env BEACON_CLIENT_RECONNECT_MAX_DELAY, default ${DEFAULT-VALUE}).")
  Duration reconnectMaxDelay;

  @Option(
      names = "--reconnect-max-attempts",
      defaultValue = "${env:BEACON_CLIENT_RECONNECT_MAX_ATTEMPTS:-0}",
      description =
          "Reconnect attempts in a row before giving up; 0 = never give up (env BEACON_CLIENT_RECONNECT_MAX_ATTEMPTS, default ${DEFAULT-VALUE}).")
  int reconnectMaxAttempts;

  @Option(names = "--no-reconnect", description = "Do not reconnect after a drop.")
  boolean noReconnect;

  /**
   * The validated options for {@code uri}.
   *
   * @throws IllegalArgumentException naming the flag's environment variable when a value is invalid
   */
  public ClientOptions toClientOptions(URI uri) {
    return ClientOptions.builder(uri)
        .headers(headers)
        .pingInterval(pingInterval)
        .pongTimeout(pongTimeout)
        .connectTimeout(connectTimeout)
        .maxMessageSize(maxMessageSize)
        .maxFrameSize(maxFrameSize)
        .sendQueueLimit(sendQueueLimit)
        .requestTimeout(requestTimeout)
        .reconnect(
            new ReconnectPolicy(
                !noReconnect, reconnectInitialDelay, reconnectMaxDelay, reconnectMaxAttempts))
        .build();
  }
}

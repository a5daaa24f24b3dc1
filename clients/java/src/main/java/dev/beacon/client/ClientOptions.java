package dev.beacon.client;

import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link BeaconSocket} connects and what it allows. Immutable and validated; build one with
 * {@link #builder(URI)}. Each field has a matching {@code beacon chat} flag and environment
 * variable, named in the validation messages and in {@code docs/client.md}.
 *
 * @param uri {@code ws://host:port/path} (or {@code wss://})
 * @param headers extra HTTP headers sent with the upgrade request
 * @param pingInterval how often a WebSocket ping is sent while open; {@link Duration#ZERO} turns
 *     keep-alive off
 * @param pongTimeout how long to wait for the pong (or any frame) after a ping before the
 *     connection is declared dead and closed with {@code 4001}
 * @param connectTimeout how long one handshake may take
 * @param maxMessageSize the largest message, in bytes, sent or received; a larger send fails, a
 *     larger received message closes the connection with {@code 1009}
 * @param maxFrameSize the largest frame, in bytes: longer outgoing messages are split into
 *     fragments of this size, and a longer incoming frame closes the connection with {@code 1009}
 * @param sendQueueLimit messages that may wait to be written (while connecting, or while the socket
 *     is not writable) before {@link BeaconSocket#send(String)} fails fast
 * @param reconnect when and how to reconnect after a drop
 * @param requestTimeout how long {@link BeaconClient} waits for the reply to a request ({@code
 *     ping}, {@code subscribe}, {@code get_stats}...) before failing its future
 */
public record ClientOptions(
    URI uri,
    Map<String, String> headers,
    Duration pingInterval,
    Duration pongTimeout,
    Duration connectTimeout,
    int maxMessageSize,
    int maxFrameSize,
    int sendQueueLimit,
    ReconnectPolicy reconnect,
    Duration requestTimeout) {

  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
  public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;
  public static final int DEFAULT_MAX_FRAME_SIZE = 1 << 16;
  public static final int DEFAULT_SEND_QUEUE_LIMIT = 1024;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The smallest fragment allowed: a fragment must hold at least one 4-byte UTF-8 character. */
  public static final int MIN_FRAME_SIZE = 125;

  public ClientOptions {
    Objects.requireNonNull(uri, "uri");
    boolean webSocket =
        "ws".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme());
    if (!webSocket || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "client URL must be ws://host:port/path or wss://..., got '"
              + uri
              + "'; fix --url / BEACON_CHAT_URL");
    }
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    requirePositiveOrZero(pingInterval, "ping interval", "BEACON_CLIENT_PING_INTERVAL");
    requirePositive(pongTimeout, "pong timeout", "BEACON_CLIENT_PONG_TIMEOUT");
    requirePositive(connectTimeout, "connect timeout", "BEACON_CLIENT_CONNECT_TIMEOUT");
    if (maxFrameSize < MIN_FRAME_SIZE) {
      throw new IllegalArgumentException(
          "max frame size must be at least "
              + MIN_FRAME_SIZE
              + " bytes, got "
              + maxFrameSize
              + "; fix BEACON_CLIENT_MAX_FRAME_SIZE");
    }
    if (maxMessageSize < maxFrameSize) {
      throw new IllegalArgumentException(
          "max message size "
              + maxMessageSize
              + " is below the max frame size "
              + maxFrameSize
              + "; raise BEACON_CLIENT_MAX_MESSAGE_SIZE or lower BEACON_CLIENT_MAX_FRAME_SIZE");
    }
    if (sendQueueLimit < 1) {
      throw new IllegalArgumentException(
          "send queue limit must be at least 1 message, got "
              + sendQueueLimit
              + "; fix BEACON_CLIENT_SEND_QUEUE_LIMIT");
    }
    Objects.requireNonNull(reconnect, "reconnect");
    requirePositive(requestTimeout, "request timeout", "BEACON_CLIENT_REQUEST_TIMEOUT");
  }

  /** Options with every default, for {@code uri}. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether the server is reached over TLS ({@code wss}). */
  public boolean secure() {
    return "wss".equalsIgnoreCase(uri.getScheme());
  }

  /** The port of {@link #uri}, or the scheme's default. */
  public int port() {
    return uri.getPort() >= 0 ? uri.getPort() : secure() ? 443 : 80;
  }

  /** The path and query of {@link #uri}, {@code /} when it has none. */
  public String requestUri() {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /**
   * Vert.x WebSocket client options that enforce the frame limit, close promptly and send without
   * delay.
   */
  public WebSocketClientOptions webSocketClientOptions() {
    return new WebSocketClientOptions()
        .setMaxFrameSize(maxFrameSize)
        .setMaxMessageSize(maxMessageSize)
        .setClosingTimeout((int) Math.max(1, pongTimeout.toSeconds()))
        .setSsl(secure())
        .setTcpNoDelay(true);
  }

  /** The Vert.x options of one handshake: address, path, headers, connect timeout. */
  public WebSocketConnectOptions connectOptions() {
    WebSocketConnectOptions connect =
        new WebSocketConnectOptions()
            .setHost(uri.getHost())
            .setPort(port())
            .setURI(requestUri())
            .setSsl(secure())
            .setConnectTimeout(connectTimeout.toMillis())
            .setTimeout(connectTimeout.toMillis());
    headers.forEach(connect::addHeader);
    return connect;
  }

  private static void requirePositive(Duration d, String what, String env) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d + "; fix " + env);
    }
  }

  private static void requirePositiveOrZero(Duration d, String what, String env) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(
          what + " must be zero (off) or positive, got " + d + "; fix " + env);
    }
  }

  /** Collects options; {@link #build()} validates them. */
  public static final class Builder {
    private URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration pingInterval = DEFAULT_PING_INTERVAL;
    private Duration pongTimeout = DEFAULT_PONG_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
    private int sendQueueLimit = DEFAULT_SEND_QUEUE_LIMIT;
    private ReconnectPolicy reconnect = ReconnectPolicy.defaults();
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder(URI uri) {
      this.uri = uri;
    }

    private Builder(ClientOptions o) {
      uri = o.uri;
      headers.putAll(o.headers);
      pingInterval = o.pingInterval;
      pongTimeout = o.pongTimeout;
      connectTimeout = o.connectTimeout;
      maxMessageSize = o.maxMessageSize;
      maxFrameSize = o.maxFrameSize;
      sendQueueLimit = o.sendQueueLimit;
      reconnect = o.reconnect;
      requestTimeout = o.requestTimeout;
    }

    public Builder uri(URI value) {
      this.uri = value;
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Builder headers(Map<String, String> values) {
      headers.putAll(values);
      return this;
    }

    public Builder pingInterval(Duration value) {
      this.pingInterval = value;
      return this;
    }

    public Builder pongTimeout(Duration value) {
      this.pongTimeout = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder maxMessageSize(int value) {
      this.maxMessageSize = value;
      return this;
    }

    public Builder maxFrameSize(int value) {
      this.maxFrameSize = value;
      return this;
    }

    public Builder sendQueueLimit(int value) {
      this.sendQueueLimit = value;
      return this;
    }

    public Builder reconnect(ReconnectPolicy value) {
      this.reconnect = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    public ClientOptions build() {
      return new ClientOptions(
          uri,
          headers,
          pingInterval,
          pongTimeout,
          connectTimeout,
          maxMessageSize,
          maxFrameSize,
          sendQueueLimit,
          reconnect,
          requestTimeout);
    }
  }
}

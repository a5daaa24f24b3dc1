package dev.beacon.gateway.embed;

import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.gateway.Backend;
import dev.beacon.gateway.ConnectionInfo;
import dev.beacon.gateway.ConnectionListener;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.InProcessBackend;
import dev.beacon.gateway.ServerApiConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.runtime.devices.DeviceAuthMode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Options and listeners of an {@link EmbeddedGateway}. Every option starts at the default of
 * {@link GatewayConfig#defaults()} and {@link ServerApiConfig#defaults()}, except the bind address (loopback) and
 * the drain (no readiness delay: an embedding application has no load balancer probing it by default).
 * Invalid values fail {@link #start()} with a message saying what to fix.
 */
public final class EmbeddedGatewayBuilder {

  /** What a disconnect listener receives. */
  @FunctionalInterface
  public interface DisconnectListener {
    void onDisconnect(ConnectionInfo connection, int code, String reason);
  }

  private GatewayConfig config = GatewayConfig.builder().port(0).build();
  private ServerApiConfig server = ServerApiConfig.builder().drainReadinessDelay(Duration.ZERO).drainWindow(ServerApiConfig.DEFAULT_DRAIN_WINDOW).build();
  private String host = "127.0.0.1";
  private KafkaSettings kafka;
  private Vertx vertx;
  private Consumer<ConnectionInfo> onConnect = c -> { };
  private BiConsumer<ConnectionInfo, String> onMessage = (c, text) -> { };
  private DisconnectListener onDisconnect = (c, code, reason) -> { };

  EmbeddedGatewayBuilder() {
  }

  /**
   * Where Kafka is. Without it the gateway runs standalone: messaging stays inside this process (no recovery),
   * and GPS fixes are answered {@code kafka_unavailable}, since nothing durable could acknowledge them.
   */
  public EmbeddedGatewayBuilder kafka(KafkaSettings settings) {
    this.kafka = Objects.requireNonNull(settings, "kafka settings");
    return this;
  }

  /** Runs on the application's Vert.x instance instead of one of its own; {@code stop()} leaves it open. */
  public EmbeddedGatewayBuilder vertx(Vertx existing) {
    this.vertx = Objects.requireNonNull(existing, "vertx");
    return this;
  }

  /** Address to bind, default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface. */
  public EmbeddedGatewayBuilder host(String address) {
    this.host = address;
    return this;
  }

  /** Port to listen on; 0 (the default) picks a free one, see {@link EmbeddedGateway#port()}. */
  public EmbeddedGatewayBuilder port(int port) {
    config = config.toBuilder().port(port).build();
    return this;
  }

  /** Prefix of the WebSocket endpoints, e.g. {@code /realtime} serves {@code /realtime/chat}; default none. */
  public EmbeddedGatewayBuilder pathPrefix(String prefix) {
    server = server.toBuilder().pathPrefix(prefix).build();
    return this;
  }

  /** Connections held at most; one more upgrade gets HTTP 503. */
  public EmbeddedGatewayBuilder maxClients(int max) {
    server = server.toBuilder().maxConnections(max).build();
    return this;
  }

  /** Id of this gateway in presence and on fixes; default {@code <hostname>-<port>}. */
  public EmbeddedGatewayBuilder gatewayId(String id) {
    config = config.toBuilder().gatewayId(id).build();
    return this;
  }

  /** Event loops serving connections; default one per core. */
  public EmbeddedGatewayBuilder instances(int instances) {
    config = config.toBuilder().instances(instances).build();
    return this;
  }

  /** How {@link EmbeddedGateway#stop()} drains: readiness delay, then closes spread over the window. */
  public EmbeddedGatewayBuilder drain(Duration readinessDelay, Duration window) {
    server = server.toBuilder().drainReadinessDelay(readinessDelay).drainWindow(window).build();
    return this;
  }

  /** Also serves the admin HTTP API at {@code <prefix>/api} with this bearer token. */
  public EmbeddedGatewayBuilder adminToken(String token) {
    server = server.toBuilder().adminToken(token).build();
    return this;
  }

  /**
   * Largest frame and message a client may send, in bytes (defaults 64 KiB each, close 1009 above them). Messages
   * the gateway sends above {@code maxFrameSize} are split into fragments of that size.
   */
  public EmbeddedGatewayBuilder sizeLimits(int maxFrameSize, int maxMessageSize) {
    config = config.toBuilder().maxFrameSize(maxFrameSize).maxMessageSize(maxMessageSize).build();
    return this;
  }

  /** Bytes written to one client and not yet flushed before it is closed as a slow consumer (default 1 MiB). */
  public EmbeddedGatewayBuilder maxOutboundBytes(long bytes) {
    config = config.toBuilder().maxOutboundBytes(bytes).build();
    return this;
  }

  /** TLS, Origin allow-list, JWT and per-connection limits; default none of them (see docs/security.md). */
  public EmbeddedGatewayBuilder security(SecurityConfig security) {
    config = config.toBuilder().security(Objects.requireNonNull(security, "security")).build();
    return this;
  }

  /**
   * What a connection without a device key or JWT may write: {@code AUTHENTICATED} (the default) nothing,
   * {@code OPEN} any device id (docs/security.md, "Device identity").
   */
  public EmbeddedGatewayBuilder deviceAuth(DeviceAuthMode mode) {
    config = config.toBuilder().deviceAuth(Objects.requireNonNull(mode, "device auth mode")).build();
    return this;
  }

  public EmbeddedGatewayBuilder onConnect(Consumer<ConnectionInfo> listener) {
    this.onConnect = Objects.requireNonNull(listener, "connect listener");
    return this;
  }

  /** Called with every text message a client sends, after the gateway handled it. */
  public EmbeddedGatewayBuilder onMessage(BiConsumer<ConnectionInfo, String> listener) {
    this.onMessage = Objects.requireNonNull(listener, "message listener");
    return this;
  }

  public EmbeddedGatewayBuilder onDisconnect(DisconnectListener listener) {
    this.onDisconnect = Objects.requireNonNull(listener, "disconnect listener");
    return this;
  }

  /** Starts the gateway; the future fails when any step of the start-up fails, with what to fix. */
  public Future<EmbeddedGateway> start() {
    GatewayConfig resolved;
    try {
      resolved = config.toBuilder().host(host).serverApi(server).build();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    boolean ownsVertx = vertx == null;
    Vertx runOn = ownsVertx ? Vertx.vertx() : vertx;
    Backend backend = kafka == null ? InProcessBackend.builder().build() : KafkaBackend.of(kafka);
    Future<Gateway> deployed = Gateway.deploy(runOn, resolved, backend, listener());
    return deployed.map(gateway -> new EmbeddedGateway(gateway, runOn, ownsVertx))
        .recover(failure -> (ownsVertx ? runOn.close() : Future.<Void>succeededFuture())
            .transform(ignored -> Future.failedFuture(failure)));
  }

  private ConnectionListener listener() {
    Consumer<ConnectionInfo> connect = onConnect;
    BiConsumer<ConnectionInfo, String> message = onMessage;
    DisconnectListener disconnect = onDisconnect;
    return new ConnectionListener() {
      @Override
      public void onConnect(ConnectionInfo connection) {
        connect.accept(connection);
      }

      @Override
      public void onMessage(ConnectionInfo connection, String text) {
        message.accept(connection, text);
      }

      @Override
      public void onDisconnect(ConnectionInfo connection, int code, String reason) {
        disconnect.onDisconnect(connection, code, reason);
      }
    };
  }
}

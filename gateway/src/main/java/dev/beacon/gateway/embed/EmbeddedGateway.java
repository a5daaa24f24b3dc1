package dev.beacon.gateway.embed;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.backend.Backend;
import dev.beacon.gateway.inprocess.InProcessBackend;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.operations.DeviceKeyOperations;
import dev.beacon.gateway.operations.ServerApiConfig;
import dev.beacon.gateway.operations.ServerOperations;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.gateway.session.ConnectionInfo;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A Beacon gateway running inside another Java application: the same WebSocket endpoints, protocol,
 * limits and Kafka pipeline as {@code beacon gateway}, plus listeners for connect, message and
 * disconnect and calls to count, list, send, broadcast, disconnect and stop. Start one with {@link
 * #builder()}:
 *
 * <pre>{@code
 * EmbeddedGateway gateway = EmbeddedGateway.builder()
 *     .kafka(KafkaSettings.defaults("127.0.0.1:9092"))
 *     .port(8080).pathPrefix("/realtime").maxClients(10_000)
 *     .onConnect(c -> log.info("{} connected from {}", c.id(), c.remote()))
 *     .onMessage((c, text) -> log.info("{} sent {}", c.id(), text))
 *     .onDisconnect((c, code, reason) -> log.info("{} left with {}", c.id(), code))
 *     .start()
 *     .await();
 * }</pre>
 *
 * <p>The calls are cluster-wide: {@link #count()} and {@link #clients()} see the messaging clients
 * of every gateway on the same Kafka cluster (from {@code beacon.presence}, so they lag by the time
 * presence takes to travel), and {@link #send}, {@link #broadcast} and {@link #disconnect} reach a
 * client wherever it is connected. Listeners see this gateway's own connections only, on their
 * event loops: they must not block. Thread-safe.
 */
public final class EmbeddedGateway {

  private final Gateway gateway;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private Future<Void> stopped;

  EmbeddedGateway(Gateway gateway, Vertx vertx, boolean ownsVertx) {
    this.gateway = gateway;
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
  }

  /** Options and listeners of a new embedded gateway. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the gateway listens on (resolved when {@code port(0)} asked for a free one). */
  public int port() {
    return gateway.port();
  }

  public String gatewayId() {
    return gateway.gatewayId();
  }

  /** Messaging clients connected across the cluster. */
  public int count() {
    return gateway.operations().count();
  }

  /**
   * Messaging clients connected across the cluster, with gateway, remote address, rooms and
   * connected-at.
   */
  public List<ClientPresent> clients() {
    return gateway.operations().clients();
  }

  /**
   * This gateway's own connections (devices and messaging clients), with their handshake headers.
   */
  public List<ConnectionInfo> localConnections() {
    return gateway.connections().localConnections();
  }

  /**
   * Sends {@code text} to one client as a {@code direct} message from {@code server}; only that
   * client gets it.
   */
  public Future<Void> send(String clientId, String text) {
    return gateway.operations().send(clientId, text, ServerOperations.DEFAULT_SENDER);
  }

  /** Sends {@code text} to every client as a {@code broadcast} from {@code server}. */
  public Future<Void> broadcast(String text) {
    return gateway.operations().broadcast(text, null, ServerOperations.DEFAULT_SENDER);
  }

  /** Publishes {@code text} into {@code room} as a {@code chat} message from {@code server}. */
  public Future<Void> broadcast(String room, String text) {
    return gateway.operations().publish(room, text, ServerOperations.DEFAULT_SENDER);
  }

  /**
   * Closes a client's connection with {@code code} (1000 or 3000-4999) and {@code reason}, wherever
   * it is.
   */
  public Future<Void> disconnect(String clientId, int code, String reason) {
    return gateway.operations().disconnect(clientId, code, reason);
  }

  /**
   * Device keys: make ({@code create}), list, revoke. With Kafka they are the cluster's ({@code
   * beacon.device-keys}); without, they live in this process until it stops.
   */
  public DeviceKeyOperations deviceKeys() {
    return gateway.operations().deviceKeys();
  }

  /**
   * Stops gracefully: readiness fails, clients are closed with 1001 over the drain window, replies
   * still owed are written, the producer is flushed and closed; then the Vert.x instance, if the
   * builder created it. Idempotent.
   */
  public synchronized Future<Void> stop() {
    if (stopped == null) {
      stopped =
          gateway
              .stopGracefully()
              .eventually(() -> ownsVertx ? vertx.close() : Future.succeededFuture());
    }
    return stopped;
  }

  /**
   * Options and listeners of an {@link EmbeddedGateway}. Every option starts at the default of
   * {@link GatewayConfig#defaults()} and {@link ServerApiConfig#defaults()}, except the bind
   * address (loopback) and the drain (no readiness delay: an embedding application has no load
   * balancer probing it by default). Invalid values fail {@link #start()} with a message saying
   * what to fix.
   */
  public static final class Builder {

    /** What a disconnect listener receives. */
    @FunctionalInterface
    public interface DisconnectListener {
      void onDisconnect(ConnectionInfo connection, int code, String reason);
    }

    private GatewayConfig config = GatewayConfig.defaults().toBuilder().port(0).build();
    private ServerApiConfig server =
        ServerApiConfig.defaults().toBuilder()
            .drainReadinessDelay(Duration.ZERO)
            .drainWindow(ServerApiConfig.DEFAULT_DRAIN_WINDOW)
            .build();
    private String host = "127.0.0.1";
    private KafkaSettings kafka;
    private Vertx vertx;
    private Consumer<ConnectionInfo> onConnect = c -> {};
    private BiConsumer<ConnectionInfo, String> onMessage = (c, text) -> {};
    private DisconnectListener onDisconnect = (c, code, reason) -> {};
    private Consumer<GpsFix> onFix;

    private Builder() {}

    /**
     * Where Kafka is. Without it the gateway runs standalone: messaging stays inside this process
     * (no recovery), and GPS fixes go to the {@link #onFix} listener (without one they are answered
     * {@code kafka_unavailable}, since nothing would keep them).
     */
    public Builder kafka(KafkaSettings settings) {
      this.kafka = Objects.requireNonNull(settings, "kafka settings");
      return this;
    }

    /**
     * Runs on the application's Vert.x instance instead of one of its own; {@code stop()} leaves it
     * open.
     */
    public Builder vertx(Vertx existing) {
      this.vertx = Objects.requireNonNull(existing, "vertx");
      return this;
    }

    /** Address to bind, default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface. */
    public Builder host(String address) {
      this.host = address;
      return this;
    }

    /** Port to listen on; 0 (the default) picks a free one, see {@link #port()}. */
    public Builder port(int port) {
      config = config.toBuilder().port(port).build();
      return this;
    }

    /**
     * Prefix of the WebSocket endpoints, e.g. {@code /realtime} serves {@code /realtime/chat};
     * default none.
     */
    public Builder pathPrefix(String prefix) {
      server = server.toBuilder().pathPrefix(prefix).build();
      return this;
    }

    /** Connections held at most; one more upgrade gets HTTP 503. */
    public Builder maxClients(int max) {
      server = server.toBuilder().maxConnections(max).build();
      return this;
    }

    /** Id of this gateway in presence and on fixes; default {@code <hostname>-<port>}. */
    public Builder gatewayId(String id) {
      config = config.toBuilder().gatewayId(id).build();
      return this;
    }

    /** Event loops serving connections; default one per core. */
    public Builder instances(int instances) {
      config = config.toBuilder().instances(instances).build();
      return this;
    }

    /**
     * How {@link EmbeddedGateway#stop()} drains: readiness delay, then closes spread over the
     * window.
     */
    public Builder drain(Duration readinessDelay, Duration window) {
      server = server.toBuilder().drainReadinessDelay(readinessDelay).drainWindow(window).build();
      return this;
    }

    /** Also serves the admin HTTP API at {@code <prefix>/api} with this bearer token. */
    public Builder adminToken(String token) {
      server = server.toBuilder().adminToken(token).build();
      return this;
    }

    /**
     * Largest frame and message a client may send, in bytes (defaults 64 KiB each, close 1009 above
     * them). Messages the gateway sends above {@code maxFrameSize} are split into fragments of that
     * size.
     */
    public Builder sizeLimits(int maxFrameSize, int maxMessageSize) {
      config = config.toBuilder().maxFrameSize(maxFrameSize).maxMessageSize(maxMessageSize).build();
      return this;
    }

    /**
     * Bytes written to one client and not yet flushed before it is closed as a slow consumer
     * (default 1 MiB).
     */
    public Builder maxOutboundBytes(long bytes) {
      config = config.toBuilder().maxOutboundBytes(bytes).build();
      return this;
    }

    /**
     * TLS, Origin allow-list, JWT and per-connection limits; default none of them (see
     * docs/security.md).
     */
    public Builder security(SecurityConfig security) {
      config = config.toBuilder().security(Objects.requireNonNull(security, "security")).build();
      return this;
    }

    /**
     * What a connection without a device key or JWT may write: {@code AUTHENTICATED} (the default)
     * nothing, {@code OPEN} any device id (docs/security.md, "Device identity").
     */
    public Builder deviceAuth(DeviceAuthMode mode) {
      config =
          config.toBuilder().deviceAuth(Objects.requireNonNull(mode, "device auth mode")).build();
      return this;
    }

    public Builder onConnect(Consumer<ConnectionInfo> listener) {
      this.onConnect = Objects.requireNonNull(listener, "connect listener");
      return this;
    }

    /** Called with every text message a client sends, after the gateway handled it. */
    public Builder onMessage(BiConsumer<ConnectionInfo, String> listener) {
      this.onMessage = Objects.requireNonNull(listener, "message listener");
      return this;
    }

    public Builder onDisconnect(DisconnectListener listener) {
      this.onDisconnect = Objects.requireNonNull(listener, "disconnect listener");
      return this;
    }

    /**
     * Where a gateway without Kafka puts GPS fixes: each accepted fix, validated and stamped with
     * this gateway's id and arrival time, is handed to {@code listener}, then relayed to the
     * clients following its {@code gps:} rooms; the device gets its {@code OK} (or {@code ack})
     * once the listener returned, an error when it threw. Called on the connection's event loop: it
     * must return quickly and never block. With {@link #kafka} fixes go to {@code beacon.gps}
     * instead, and {@link #start()} refuses a fix listener.
     */
    public Builder onFix(Consumer<GpsFix> listener) {
      this.onFix = Objects.requireNonNull(listener, "fix listener");
      return this;
    }

    /**
     * Starts the gateway; the future fails when any step of the start-up fails, with what to fix.
     */
    public Future<EmbeddedGateway> start() {
      GatewayConfig resolved;
      try {
        resolved = config.toBuilder().host(host).serverApi(server).build();
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(e);
      }
      if (kafka != null && onFix != null) {
        return Future.failedFuture(
            new IllegalArgumentException(
                "onFix is for a gateway without Kafka; with Kafka,"
                    + " fixes go to beacon.gps: read them from there (or drop kafka(...) to keep them in this process)"));
      }
      boolean ownsVertx = vertx == null;
      Vertx runOn = ownsVertx ? Vertx.vertx() : vertx;
      Backend backend = kafka == null ? inProcess() : KafkaBackend.of(kafka);
      Future<Gateway> deployed = Gateway.deploy(runOn, resolved, backend, listener());
      return deployed
          .map(gateway -> new EmbeddedGateway(gateway, runOn, ownsVertx))
          .recover(
              failure ->
                  (ownsVertx ? runOn.close() : Future.<Void>succeededFuture())
                      .transform(ignored -> Future.failedFuture(failure)));
    }

    private Backend inProcess() {
      InProcessBackend.Builder backend = InProcessBackend.builder();
      if (onFix != null) {
        backend.onFix(onFix);
      }
      return backend.build();
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
}

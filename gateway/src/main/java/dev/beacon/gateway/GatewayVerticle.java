package dev.beacon.gateway;

import dev.beacon.runtime.metrics.BeaconMetrics;
import dev.beacon.gateway.admin.AdminApi;
import dev.beacon.gateway.web.ConsoleRoutes;
import dev.beacon.gateway.security.GatewaySecurity;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the gateway: the WebSocket endpoints at {@code /}, {@code /ws} and {@code /chat}
 * (other upgrade paths get 404; all under {@code BEACON_PATH_PREFIX}), with this loop's {@link LocalDirectory} of
 * messaging clients, {@code GET /health}, {@code GET /ready}, {@code GET /metrics} (Prometheus) and the admin API
 * under {@code <prefix>/api} ({@link AdminApi}). Upgrades must pass the {@link GatewaySecurity} checks; beyond
 * {@code BEACON_MAX_CONNECTIONS} or during a drain they get 503 ({@link ConnectionHub}).
 * Deployed once per core by {@link Gateway}; every instance listens on the same port and Vert.x spreads the
 * connections across them.
 */
public final class GatewayVerticle extends VerticleBase {

  /** Where clients are messaging clients from their first frame. */
  static final String MESSAGING_PATH = "/chat";
  /** {@code /} and {@code /ws} serve devices first: messaging starts with a client's first messaging request. */
  static final Set<String> WEBSOCKET_PATHS = Set.of("/", "/ws", MESSAGING_PATH);

  private final GatewayParts parts;
  private final GatewayConfig config;
  private final Readiness readiness;
  private final Duration replyTimeout;
  private final DeliveryFanOut deliveries;
  private final GatewaySecurity security;
  private final ConnectionHub hub;
  private final EndpointPaths paths;
  private FixPublisher publisher;
  private HeartbeatSweep heartbeats;
  private HttpServer server;
  private HttpServer internal;

  GatewayVerticle(GatewayParts parts) {
    this.parts = parts;
    this.config = parts.config();
    this.readiness = parts.readiness();
    this.replyTimeout = parts.backend().replyTimeout();
    this.deliveries = parts.deliveries();
    this.security = parts.security();
    this.hub = parts.hub();
    this.paths = new EndpointPaths(config.serverApi().pathPrefix());
  }

  @Override
  public Future<?> start() {
    GatewayMetrics metrics = GatewayMetrics.of(config.gatewayId());
    publisher = new FixPublisher(vertx, parts.backend().fixes(), parts.budget(), replyTimeout, metrics);
    publisher.start();
    heartbeats = new HeartbeatSweep(vertx, config.heartbeat());
    heartbeats.start();
    GpsIntake gps = new GpsIntake(config.limits(), config.gatewayId(), publisher);
    LocalDirectory directory = new LocalDirectory();
    deliveries.register(context, directory);
    JsonMessageRouter json = new JsonMessageRouter()
        .countingTypes(metrics::jsonIn)
        .on("gps", gps::gpsMessage)
        .on("ping", PingHandler::pong)
        .messaging(new MessagingHandlers(config.gatewayId(), parts.backend(), deliveries, parts.startedAt()));
    SessionParts loop = new SessionParts(config, gps, json, heartbeats, directory, parts.backend().presence(), hub,
        metrics);
    server = vertx.createHttpServer(serverOptions())
        .requestHandler(httpRoutes())
        .webSocketHandshakeHandler(this::acceptKnownPaths)
        .webSocketHandler(socket -> new ClientSession(socket, loop, security.admit(socket, vertx))
            .start(paths.messaging().equals(socket.path())));
    Future<?> listening = server.listen(config.port(), config.host());
    if (!config.serverApi().internalPortEnabled()) {
      return listening;
    }
    internal = vertx.createHttpServer().requestHandler(internalRoutes());
    return listening.compose(s -> internal.listen(config.serverApi().internalPort(), config.serverApi().internalHost()));
  }

  /**
   * Lets every connection finish the replies it is owed (at most the reply timeout), closing each with
   * {@code 1001} once it has none left, then stops.
   */
  @Override
  public Future<?> stop() {
    return server.shutdown(replyTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .eventually(() -> internal == null ? Future.succeededFuture() : internal.close())
        .eventually(() -> {
          publisher.stop();
          heartbeats.stop();
          deliveries.unregister(context);
          return Future.succeededFuture();
        });
  }

  /**
   * Strict thread mode: every write happens on the connection's event loop (deliveries and Kafka replies are
   * handed over to it), so Vert.x needs no cross-thread queue for the HTTP connection under each WebSocket; that
   * queue's first chunk alone is about 4 KB of heap per connection (docs/benchmarks.md, "Connections at scale").
   */
  private HttpServerOptions serverOptions() {
    return security.applyTo(new HttpServerOptions()
        .setMaxWebSocketFrameSize(config.maxFrameSize())
        .setMaxWebSocketMessageSize(config.maxMessageSize())
        .setStrictThreadMode(true)
        .setPerMessageWebSocketCompressionSupported(config.webSocketCompression())
        .setPerFrameWebSocketCompressionSupported(config.webSocketCompression()));
  }

  /** Path first (404), then the security checks (431/403/401/429), then capacity and drain (503). */
  private void acceptKnownPaths(ServerWebSocketHandshake handshake) {
    if (!paths.webSocket().contains(handshake.path())) {
      handshake.reject(404);
      return;
    }
    security.check(handshake).onSuccess(refusal -> admit(handshake, refusal));
  }

  private void admit(ServerWebSocketHandshake handshake, int refusal) {
    if (refusal != 0) {
      handshake.reject(refusal);
    } else if (!hub.tryReserve()) {
      security.release(handshake);
      // Vert.x 5.0.8's handshake API cannot add a Retry-After header: clients back off with jitter (protocol.md).
      handshake.reject(503);
    } else {
      handshake.accept().onFailure(failure -> {
        hub.unreserve();
        security.release(handshake);
      });
    }
  }


  /** Probes and WebSocket paths; the admin API and {@code /metrics} too unless the internal port serves them. */
  private Router httpRoutes() {
    Router router = probes();
    paths.webSocket().forEach(path -> router.route(path).handler(this::upgradeRequired));
    if (!config.serverApi().internalPortEnabled()) {
      operatorRoutes(router);
    }
    return router;
  }

  /** The internal port ({@code BEACON_INTERNAL_PORT}): probes, {@code /metrics} and the admin API. */
  private Router internalRoutes() {
    return operatorRoutes(probes());
  }

  private Router probes() {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/ready").handler(this::ready);
    return router;
  }

  private Router operatorRoutes(Router router) {
    router.get("/metrics").handler(ctx -> BeaconMetrics.respond(ctx.response()));
    router.route(paths.api() + "/*").subRouter(AdminApi.router(vertx, config.serverApi(), parts.operations(),
        config.maxMessageSize()));
    ConsoleRoutes.mount(router, paths.prefix());
    return router;
  }

  private void ready(RoutingContext ctx) {
    if (readiness.ready()) {
      ctx.json(new JsonObject().put("status", "UP").put("kafka", "UP"));
    } else if (hub.draining()) {
      ctx.response().setStatusCode(503);
      ctx.json(new JsonObject().put("status", "DRAINING").put("reason", readiness.reason()));
    } else {
      ctx.response().setStatusCode(503);
      ctx.json(new JsonObject().put("status", "DOWN").put("kafka", "DOWN").put("reason", readiness.reason()));
    }
  }

  private void upgradeRequired(RoutingContext ctx) {
    ctx.response().setStatusCode(426).putHeader("Upgrade", "websocket")
        .end("this is a WebSocket endpoint; connect with ws://");
  }
}

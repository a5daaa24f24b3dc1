package dev.beacon.gateway;

import dev.beacon.gateway.admin.AdminApi;
import dev.beacon.gateway.backend.Readiness;
import dev.beacon.gateway.dispatch.JsonMessageRouter;
import dev.beacon.gateway.dispatch.PingHandler;
import dev.beacon.gateway.edge.ConnectionAdmission;
import dev.beacon.gateway.edge.EdgeLimits;
import dev.beacon.gateway.edge.WebSocketUpgrade;
import dev.beacon.gateway.gps.FixPublisher;
import dev.beacon.gateway.gps.GpsIntake;
import dev.beacon.gateway.messaging.DeliveryFanOut;
import dev.beacon.gateway.messaging.LocalDirectory;
import dev.beacon.gateway.messaging.MessagingClient;
import dev.beacon.gateway.messaging.MessagingHandlers;
import dev.beacon.gateway.messaging.NamespaceRules;
import dev.beacon.gateway.metrics.GatewayMetrics;
import dev.beacon.gateway.metrics.MetricsAuth;
import dev.beacon.gateway.security.GatewaySecurity;
import dev.beacon.gateway.security.SessionGuard;
import dev.beacon.gateway.session.ClientSession;
import dev.beacon.gateway.session.ConnectionHub;
import dev.beacon.gateway.session.EventLoopParts;
import dev.beacon.gateway.session.PingSweep;
import dev.beacon.gateway.web.ConsoleRoutes;
import dev.beacon.runtime.http.HeaderReadDeadline;
import dev.beacon.runtime.metrics.BeaconMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the gateway: the WebSocket endpoints at {@code /}, {@code /ws} and
 * {@code /chat} (other upgrade paths get 404; all under {@code BEACON_PATH_PREFIX}), with this
 * loop's {@link LocalDirectory} of messaging clients, {@code GET /health}, {@code GET /ready},
 * {@code GET /metrics} (Prometheus) and the admin API under {@code <prefix>/api} ({@link
 * AdminApi}). Upgrades must pass the {@link GatewaySecurity} checks; beyond {@code
 * BEACON_MAX_CONNECTIONS} or during a drain they get 503 ({@link ConnectionHub}). Deployed once per
 * core by {@link Gateway}; every instance listens on the same port and Vert.x spreads the
 * connections across them.
 */
public final class GatewayVerticle extends VerticleBase {

  private final GatewayParts parts;
  private final GatewayConfig config;
  private final Readiness readiness;
  private final Duration replyTimeout;
  private final DeliveryFanOut deliveries;
  private final GatewaySecurity security;
  private final ConnectionHub hub;
  private final EndpointPaths paths;

  /**
   * Built once: a connection keeps its path as one of these Strings rather than a copy of its own.
   */
  private final Set<String> webSocketPaths;

  private FixPublisher publisher;
  private PingSweep pings;
  private HttpServer server;
  private HttpServer internal;
  private WebSocketUpgrade upgrades;
  private EventLoopParts loop;

  GatewayVerticle(GatewayParts parts) {
    this.parts = parts;
    this.config = parts.config();
    this.readiness = parts.readiness();
    this.replyTimeout = parts.backend().replyTimeout();
    this.deliveries = parts.deliveries();
    this.security = parts.security();
    this.hub = parts.hub();
    this.paths = new EndpointPaths(config.serverApi().pathPrefix());
    this.webSocketPaths = paths.webSocket();
  }

  @Override
  public Future<?> start() {
    GatewayMetrics metrics = GatewayMetrics.of(config.gatewayId());
    publisher =
        new FixPublisher(vertx, parts.backend().fixes(), parts.budget(), replyTimeout, metrics);
    publisher.start();
    pings = new PingSweep(vertx, config.heartbeat());
    pings.start();
    GpsIntake gps = new GpsIntake(config.limits(), config.gatewayId(), publisher, metrics);
    LocalDirectory directory = new LocalDirectory();
    deliveries.register(context, directory);
    JsonMessageRouter json =
        new JsonMessageRouter()
            .countingTypes(metrics::jsonIn)
            .on("gps", gps::gpsMessage)
            .on("ping", PingHandler::pong)
            .messaging(
                new MessagingHandlers(
                    config.gatewayId(),
                    parts.backend(),
                    deliveries,
                    parts.startedAt(),
                    parts.recoveryReaders(),
                    config.bounds().maxRecoveriesPerConnection(),
                    new NamespaceRules(config.namespaces()),
                    parts.channels(),
                    parts.hooks()));
    loop =
        new EventLoopParts(
            config.gatewayId(),
            config.maxInFlightPerConnection(),
            new MessagingClient.Limits(config.maxOutboundBytes(), config.maxRoomsPerConnection()),
            gps,
            json,
            pings,
            directory,
            parts.backend().presence(),
            hub,
            metrics);
    EdgeLimits edgeLimits =
        new EdgeLimits(
            config.maxFrameSize(),
            config.maxMessageSize(),
            config.security().maxFragments(),
            config.webSocketCompression(),
            config.maxOutboundBytes());
    upgrades = new WebSocketUpgrade(edgeLimits);
    ConnectionAdmission admission =
        new ConnectionAdmission(
            ConnectionAdmission.Slots.of(security::acceptConnection, security::connectionClosed),
            config.bounds().http().headerRead(),
            HeaderReadDeadline.countedAs("gateway"),
            edgeLimits);
    Router routes = httpRoutes();
    // No webSocketHandler: upgrades reach the request handler, and Beacon's edge takes their
    // channel over.
    server =
        vertx
            .createHttpServer(serverOptions())
            .connectionHandler(admission::accept)
            .requestHandler(
                request -> {
                  if (WebSocketUpgrade.asksForWebSocket(request)) {
                    acceptKnownPaths(request);
                  } else {
                    routes.handle(request);
                  }
                });
    Future<?> listening = server.listen(config.port(), config.host());
    if (!config.serverApi().internalPortEnabled()) {
      return listening;
    }
    internal =
        HeaderReadDeadline.onEveryConnection(
                vertx.createHttpServer(config.bounds().http().applyTo(new HttpServerOptions())),
                config.bounds().http().headerRead(),
                HeaderReadDeadline.countedAs("gateway-internal"))
            .requestHandler(internalRoutes());
    return listening.compose(
        s -> internal.listen(config.serverApi().internalPort(), config.serverApi().internalHost()));
  }

  /**
   * Lets every connection finish the replies it is owed (at most the reply timeout), closing each
   * with {@code 1001} once it has none left, then stops.
   */
  @Override
  public Future<?> stop() {
    return server
        .shutdown(replyTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .eventually(() -> internal == null ? Future.succeededFuture() : internal.close())
        .eventually(
            () -> {
              publisher.stop();
              pings.stop();
              deliveries.unregister(context);
              return Future.succeededFuture();
            });
  }

  /**
   * Strict thread mode: every write happens on the connection's event loop, so Vert.x needs no
   * cross-thread queue for an HTTP connection (its first chunk is about 4 KB). Vert.x's own
   * WebSocket compression stays off: its inflater has no allocation cap, so {@link
   * ConnectionAdmission} puts Beacon's negotiator in each pipeline.
   */
  private HttpServerOptions serverOptions() {
    return security.applyTo(
        config
            .bounds()
            .http()
            .applyTo(
                new HttpServerOptions()
                    .setStrictThreadMode(true)
                    .setPerMessageWebSocketCompressionSupported(false)
                    .setPerFrameWebSocketCompressionSupported(false)));
  }

  /**
   * A malformed upgrade first (400/405/426), then the path (404), the security checks
   * (431/403/401/429), capacity and drain (503); an upgrade that passes them all becomes a {@link
   * ClientSession}.
   */
  private void acceptKnownPaths(HttpServerRequest request) {
    if (upgrades.refuseMalformed(request)) {
      return;
    }
    if (!webSocketPaths.contains(request.path())) {
      WebSocketUpgrade.refuse(request, 404);
      return;
    }
    security.check(request).onSuccess(refusal -> admit(request, refusal));
  }

  private void admit(HttpServerRequest request, GatewaySecurity.Refusal refusal) {
    if (refusal.refused()) {
      WebSocketUpgrade.refuse(request, refusal.status(), refusal.detail());
    } else if (!hub.tryReserve()) {
      security.release(request);
      // Clients back off with jitter (protocol.md).
      WebSocketUpgrade.refuse(request, 503);
    } else {
      SessionGuard guard = security.admit(request, vertx);
      String path =
          webSocketPaths.stream().filter(request.path()::equals).findFirst().orElseThrow();
      boolean messaging = paths.messaging().equals(path);
      upgrades
          .accept(request, path)
          .onComplete(
              accepted -> {
                if (accepted.succeeded()) {
                  // Proxy hooks: the application's backend may refuse or identify it first.
                  parts
                      .hooks()
                      .connect(
                          accepted.result(),
                          guard,
                          () -> {
                            hub.unreserve();
                            guard.release();
                          })
                      .onSuccess(
                          open -> {
                            if (open) {
                              ClientSession.open(accepted.result(), loop, guard, messaging);
                            }
                          });
                } else {
                  hub.unreserve();
                  guard.release();
                }
              });
    }
  }

  /**
   * Probes, WebSocket paths and the console's static files; the admin API and {@code /metrics} too
   * unless the internal port serves them, then {@code /metrics} behind {@code BEACON_METRICS_TOKEN}
   * when one is set. The console is on the public port in every layout: its files hold no data, and
   * every call it makes needs a credential.
   */
  private Router httpRoutes() {
    Router router = probes();
    paths.webSocket().forEach(path -> router.route(path).handler(this::upgradeRequired));
    ConsoleRoutes.mount(router, paths.prefix());
    if (!config.serverApi().internalPortEnabled()) {
      if (!config.metricsToken().isEmpty()) {
        router.route("/metrics*").handler(new MetricsAuth(config.metricsToken()));
      }
      operatorRoutes(router);
    }
    return router;
  }

  /**
   * The internal port ({@code BEACON_INTERNAL_PORT}): probes, {@code /metrics}, the admin API and
   * the console.
   */
  private Router internalRoutes() {
    Router router = operatorRoutes(probes());
    ConsoleRoutes.mount(router, paths.prefix());
    return router;
  }

  private Router probes() {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/ready").handler(this::ready);
    return router;
  }

  private Router operatorRoutes(Router router) {
    router.get("/metrics").handler(ctx -> BeaconMetrics.respond(ctx.response()));
    router
        .route(paths.api() + "/*")
        .subRouter(
            AdminApi.router(
                vertx,
                config.serverApi(),
                parts.operations(),
                config.maxMessageSize(),
                parts.adminFailures(),
                config.geofences()));
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
      ctx.json(
          new JsonObject()
              .put("status", "DOWN")
              .put("kafka", "DOWN")
              .put("reason", readiness.reason()));
    }
  }

  private void upgradeRequired(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(426)
        .putHeader("Upgrade", "websocket")
        .end("this is a WebSocket endpoint; connect with ws://");
  }
}

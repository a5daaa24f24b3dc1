package dev.beacon.gateway;

import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.gateway.admin.AdminThrottle;
import dev.beacon.gateway.backend.Backend;
import dev.beacon.gateway.gps.InFlightBudget;
import dev.beacon.gateway.inprocess.InProcessBackend;
import dev.beacon.gateway.messaging.ChannelQueries;
import dev.beacon.gateway.messaging.DeliveryFanOut;
import dev.beacon.gateway.messaging.JoinLeaveEvents;
import dev.beacon.gateway.messaging.RecoveryReaders;
import dev.beacon.gateway.operations.GracefulDrain;
import dev.beacon.gateway.operations.ServerOperations;
import dev.beacon.gateway.proxy.BackendHooks;
import dev.beacon.gateway.security.GatewaySecurity;
import dev.beacon.gateway.session.ConnectionHub;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.gateway.trackers.TrackerConfig;
import dev.beacon.runtime.metrics.BeaconMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: {@code config.instances()} {@link GatewayVerticle}s on one port over one
 * {@link Backend} ({@link dev.beacon.gateway.kafka.KafkaBackend} across a cluster, {@link
 * InProcessBackend} in one process), with one delivery fan-out into every event loop, one
 * connection hub, one in-flight budget.
 *
 * <p>{@link #deploy} is the one way to start a gateway: it resolves the port, starts the backend,
 * then deploys the verticles; its future fails when any step fails, with whatever was started
 * closed again. {@link #close()} undeploys, then closes the backend.
 */
public final class Gateway {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final String deploymentId;
  private final GatewayParts parts;
  private final TrackerListeners trackers;
  private Future<Void> closed;
  private Future<Void> drained;

  private Gateway(
      Vertx vertx,
      GatewayConfig config,
      String deploymentId,
      GatewayParts parts,
      TrackerListeners trackers) {
    this.vertx = vertx;
    this.trackers = trackers;
    this.config = config;
    this.deploymentId = deploymentId;
    this.parts = parts;
  }

  /**
   * Starts a gateway on {@code backend}, which it then owns (closes). {@code listener} hears of
   * every connection, message and disconnect in this process ({@link ConnectionListener#NONE} for
   * none).
   */
  public static Future<Gateway> deploy(
      Vertx vertx, GatewayConfig config, Backend backend, ConnectionListener listener) {
    ChannelNamespaces namespaces = config.namespaces();
    return withConcretePort(vertx, config)
        .compose(
            resolved -> {
              ConnectionHub hub =
                  new ConnectionHub(resolved.serverApi().maxConnections(), listener);
              DeliveryFanOut deliveries = new DeliveryFanOut();
              JoinLeaveEvents joinLeave = new JoinLeaveEvents(namespaces, deliveries::event);
              return backend
                  .start(
                      vertx,
                      new Backend.Attachment(
                          resolved.gatewayId(),
                          resolved.presencePeriod(),
                          deliveries,
                          hub,
                          joinLeave::heard))
                  .compose(
                      v -> deployVerticles(vertx, resolved, backend, hub, deliveries, namespaces))
                  .recover(
                      failure ->
                          backend.close().transform(ignored -> Future.failedFuture(failure)));
            });
  }

  private static Future<Gateway> deployVerticles(
      Vertx vertx,
      GatewayConfig config,
      Backend backend,
      ConnectionHub hub,
      DeliveryFanOut deliveries,
      ChannelNamespaces namespaces) {
    GatewayParts parts;
    try {
      RecoveryReaders readers =
          new RecoveryReaders(config.bounds().maxRecoveryReaders(), config.gatewayId());
      ChannelQueries channels = new ChannelQueries(backend, namespaces, readers);
      parts =
          new GatewayParts(
              config,
              backend,
              hub.drainAware(backend.readiness()),
              new InFlightBudget(config.maxInFlightTotal()),
              deliveries,
              System.currentTimeMillis(),
              hub,
              new ServerOperations(
                  config.gatewayId(), config.maxMessageSize(), backend, hub, channels),
              GatewaySecurity.create(
                  config.security(), config.deviceAuth(), backend.deviceKeys().directory()),
              new AdminThrottle(
                  config.bounds().adminMaxFailures(), config.bounds().adminFailureWindow()),
              readers,
              channels,
              BackendHooks.create(
                  vertx,
                  config.proxy(),
                  config.namespaces(),
                  BeaconMetrics.registry(),
                  config.gatewayId()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return vertx
        .deployVerticle(
            () -> new GatewayVerticle(parts),
            new DeploymentOptions().setInstances(config.instances()))
        .map(
            id -> {
              log.info(
                  "gateway {} listening on {}://{}:{} with {} instances",
                  config.gatewayId(),
                  config.security().tls().enabled() ? "wss" : "ws",
                  config.host(),
                  config.port(),
                  config.instances());
              return id;
            })
        .compose(
            id ->
                TrackerListeners.deploy(vertx, config, parts)
                    .map(trackers -> new Gateway(vertx, config, id, parts, trackers))
                    .recover(
                        failure ->
                            vertx.undeploy(id).transform(ignored -> Future.failedFuture(failure))));
  }

  /**
   * All instances must bind the same port, so a requested port 0 (the gateway's, or an enabled
   * tracker listener's) is resolved once, up front.
   */
  private static Future<GatewayConfig> withConcretePort(Vertx vertx, GatewayConfig config) {
    TrackerConfig trackers = config.trackers();
    boolean httpFree = trackers.httpEnabled() && trackers.httpPort() == 0;
    boolean mqttFree = trackers.mqttEnabled() && trackers.mqttPort() == 0;
    if (config.port() != 0 && !httpFree && !mqttFree) {
      return Future.succeededFuture(config);
    }
    return vertx.executeBlocking(
        () ->
            config.toBuilder()
                .port(config.port() == 0 ? freePort(config.host()) : config.port())
                .trackers(
                    trackers.toBuilder()
                        .httpPort(httpFree ? freePort(config.host()) : trackers.httpPort())
                        .mqttPort(mqttFree ? freePort(config.host()) : trackers.mqttPort())
                        .build())
                .build());
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return probe.getLocalPort();
    }
  }

  /**
   * The tracker listeners' settings, their ports resolved: {@link TrackerConfig#httpPort()} and
   * {@link TrackerConfig#mqttPort()} where each is enabled.
   */
  public TrackerConfig trackers() {
    return trackers.config();
  }

  public int port() {
    return config.port();
  }

  public String gatewayId() {
    return config.gatewayId();
  }

  /** Where deliveries enter the gateway: each is written to its recipients on every event loop. */
  public DeliveryFanOut deliveries() {
    return parts.deliveries();
  }

  /** The configuration the gateway runs with, its port resolved. */
  public GatewayConfig config() {
    return config;
  }

  /**
   * Count, list, send, broadcast, publish, disconnect: cluster-wide when the gateway runs on Kafka.
   */
  public ServerOperations operations() {
    return parts.operations();
  }

  /** This process's connections: how many, which, whether draining. */
  public ConnectionHub connections() {
    return parts.hub();
  }

  /**
   * Graceful stop, first half: {@code /ready} turns 503 and upgrades are refused at once; after
   * {@code drainReadinessDelay} the connections are closed with 1001, evenly over {@code
   * drainWindow}, each after the replies it is owed. Completes when every connection was asked to
   * close. Idempotent.
   */
  public synchronized Future<Void> drain() {
    if (drained == null) {
      drained = new GracefulDrain(vertx, parts.hub(), config.gatewayId(), config.serverApi()).run();
    }
    return drained;
  }

  /** Graceful stop: {@link #drain()}, then {@link #close()}. */
  public Future<Void> stopGracefully() {
    return drain().eventually(this::close);
  }

  /**
   * Undeploys the verticles (connections get their pending replies, then 1001), then closes the
   * backend.
   */
  public synchronized Future<Void> close() {
    if (closed == null) {
      log.info("gateway {} stopping", config.gatewayId());
      closed =
          // The hooks' client first: a connection still waiting for its connect hook is then
          // closed (4040) rather than holding the undeploy up to its timeout.
          parts
              .hooks()
              .close()
              .eventually(trackers::close)
              .eventually(() -> vertx.undeploy(deploymentId))
              .eventually(() -> parts.backend().close())
              .onComplete(result -> log.info("gateway {} stopped", config.gatewayId()));
    }
    return closed;
  }
}

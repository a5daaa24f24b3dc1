package dev.beacon.gateway;

import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicProvisioner;
import dev.beacon.gateway.security.GatewaySecurity;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: {@code config.instances()} {@link GatewayVerticle}s on one port, sharing one Kafka producer
 * ({@link KafkaFixSink}, also behind {@link KafkaMessageSink} and {@link KafkaPresence}), one deliveries consumer
 * ({@link DeliveryFeed}) feeding every verticle through a {@link DeliveryFanOut}, one presence view
 * ({@link KafkaClusterView}), one in-flight budget and one readiness probe ({@link KafkaReadiness}).
 *
 * <p>{@link #deploy(Vertx, GatewayConfig, KafkaSettings)} is the production entry point; its future fails when
 * any step of the start-up fails (topic provisioning, producer metadata, listening), and whatever was already
 * created is closed again. {@link #close()} undeploys, then flushes and closes the producer.
 */
public final class Gateway {

  /** Margin of the gateway's own reply timer over the producer's delivery timeout, which should fire first. */
  public static final Duration REPLY_TIMER_MARGIN = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final String deploymentId;
  private final DeliveryFanOut deliveries;
  private final List<Supplier<Future<?>>> ownedResources;
  private final ServerSide server;
  private Future<Void> closed;
  private Future<Void> drained;

  private Gateway(Vertx vertx, GatewayConfig config, String deploymentId, DeliveryFanOut deliveries,
      List<Supplier<Future<?>>> ownedResources, ServerSide server) {
    this.vertx = vertx;
    this.server = server;
    this.config = config;
    this.deploymentId = deploymentId;
    this.deliveries = deliveries;
    this.ownedResources = ownedResources;
  }

  /**
   * Creates Beacon's topics if missing ({@code beacon.gps} and the messaging topics), starts the shared producer,
   * the deliveries feed, the presence view and heartbeat and the readiness probe, and deploys the verticles. A
   * device waiting for {@code OK} hears back within {@code kafka.ackTimeout()} plus {@link #REPLY_TIMER_MARGIN}.
   * On close, resources stop in reverse order: presence says goodbye before the producer flushes and closes.
   */
  public static Future<Gateway> deploy(Vertx vertx, GatewayConfig config, KafkaSettings kafka) {
    return deploy(vertx, config, kafka, ConnectionListener.NONE);
  }

  /**
   * As {@link #deploy(Vertx, GatewayConfig, KafkaSettings)}, telling {@code listener} about every connection, and
   * reading operator commands from {@code beacon.control} ({@link ControlFeed}).
   */
  public static Future<Gateway> deploy(Vertx vertx, GatewayConfig config, KafkaSettings kafka,
      ConnectionListener listener) {
    List<Supplier<Future<?>>> owned = new ArrayList<>();
    return withConcretePort(vertx, config).compose(resolved -> {
      String clientId = "beacon-gateway-" + resolved.gatewayId();
      DeliveryFanOut deliveries = new DeliveryFanOut();
      return vertx.executeBlocking(() -> provisionTopics(kafka))
          .compose(v -> KafkaFixSink.start(vertx, kafka, clientId))
          .compose(sink -> {
            owned.add(0, () -> sink.close(kafka.ackTimeout()));
            ConnectionHub hub = new ConnectionHub(resolved.serverApi().maxConnections(), listener);
            return KafkaMessaging.start(vertx, kafka, clientId, resolved.gatewayId(), sink, deliveries, owned)
                .compose(messaging -> ControlFeed.start(vertx, kafka, clientId + "-control", resolved.gatewayId(), hub)
                    .compose(control -> {
                      owned.add(0, () -> control.close(vertx));
                      return KafkaReadiness.start(vertx, kafka, clientId + "-readiness");
                    })
                    .compose(readiness -> {
                      owned.add(0, readiness::close);
                      Duration replyTimeout = kafka.ackTimeout().plus(REPLY_TIMER_MARGIN);
                      ServerSide server = new ServerSide(hub, new ServerOperations(resolved.gatewayId(),
                          resolved.maxMessageSize(), messaging, new KafkaControlSink(vertx, sink.producer()), hub));
                      return deployVerticles(vertx, resolved, sink, messaging, deliveries, readiness, replyTimeout,
                          owned, server);
                    }));
          });
    }).recover(failure -> closeAll(owned).transform(ignored -> Future.failedFuture(failure)));
  }

  /** As {@link #deploy(Vertx, GatewayConfig, FixSink, Readiness, Duration)} with the default Kafka ack timeout. */
  public static Future<Gateway> deploy(Vertx vertx, GatewayConfig config, FixSink sink, Readiness readiness) {
    return deploy(vertx, config, sink, readiness, KafkaSettings.DEFAULT_ACK_TIMEOUT.plus(REPLY_TIMER_MARGIN));
  }

  /**
   * Deploys with a caller-provided sink and readiness, which the gateway neither starts nor closes: for tests
   * and for embedding. {@code replyTimeout} is how long a frame waits for the sink before it is answered with
   * {@code kafka_unavailable}.
   */
  public static Future<Gateway> deploy(Vertx vertx, GatewayConfig config, FixSink sink, Readiness readiness,
      Duration replyTimeout) {
    return deploy(vertx, config, sink, MessagingBackend.local(MessageSink.unavailable()), readiness, replyTimeout);
  }

  /**
   * As {@link #deploy(Vertx, GatewayConfig, FixSink, Readiness, Duration)} with a caller-provided messaging
   * backend, which the gateway neither starts nor closes. Deliveries enter through {@link #deliveries()}.
   */
  public static Future<Gateway> deploy(Vertx vertx, GatewayConfig config, FixSink sink, MessagingBackend messaging,
      Readiness readiness, Duration replyTimeout) {
    return deploy(vertx, config, sink, messaging, readiness, replyTimeout, ConnectionListener.NONE);
  }

  /**
   * As {@link #deploy(Vertx, GatewayConfig, FixSink, MessagingBackend, Readiness, Duration)}, telling
   * {@code listener} about every connection; disconnects reach this process's connections only.
   */
  public static Future<Gateway> deploy(Vertx vertx, GatewayConfig config, FixSink sink, MessagingBackend messaging,
      Readiness readiness, Duration replyTimeout, ConnectionListener listener) {
    return withConcretePort(vertx, config).compose(resolved -> {
      ConnectionHub hub = new ConnectionHub(resolved.serverApi().maxConnections(), listener);
      ServerSide server = new ServerSide(hub, new ServerOperations(resolved.gatewayId(), resolved.maxMessageSize(),
          messaging, ControlSink.local(hub), hub));
      return deployVerticles(vertx, resolved, sink, messaging, new DeliveryFanOut(), readiness, replyTimeout,
          List.of(), server);
    });
  }

  private static Future<Gateway> deployVerticles(Vertx vertx, GatewayConfig config, FixSink sink,
      MessagingBackend messaging, DeliveryFanOut deliveries, Readiness readiness, Duration replyTimeout,
      List<Supplier<Future<?>>> owned, ServerSide server) {
    InFlightBudget budget = new InFlightBudget(config.maxInFlightTotal());
    long startedAt = System.currentTimeMillis();
    GatewaySecurity security;
    try {
      security = GatewaySecurity.create(config.security());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Readiness drainAware = server.hub().drainAware(readiness);
    return vertx.deployVerticle(() -> new GatewayVerticle(config, sink, drainAware, budget, replyTimeout, messaging,
                deliveries, startedAt, server.hub(), server.operations(), security),
            new DeploymentOptions().setInstances(config.instances()))
        .map(id -> {
          log.info("gateway {} listening on {}://{}:{} with {} instances", config.gatewayId(),
              config.security().tls().enabled() ? "wss" : "ws", config.host(), config.port(), config.instances());
          return new Gateway(vertx, config, id, deliveries, owned, server);
        });
  }

  /** All instances must bind the same port, so a requested port 0 is resolved once, up front. */
  private static Future<GatewayConfig> withConcretePort(Vertx vertx, GatewayConfig config) {
    if (config.port() != 0) {
      return Future.succeededFuture(config);
    }
    return vertx.executeBlocking(() -> config.withPort(freePort(config.host())));
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return probe.getLocalPort();
    }
  }

  private static Void provisionTopics(KafkaSettings kafka) {
    new TopicProvisioner(kafka).ensureAll();
    return null;
  }

  public int port() {
    return config.port();
  }

  public String gatewayId() {
    return config.gatewayId();
  }

  /** Where deliveries enter the gateway: each is written to its recipients on every event loop. */
  public DeliveryFanOut deliveries() {
    return deliveries;
  }

  /** The configuration the gateway runs with, its port resolved. */
  public GatewayConfig config() {
    return config;
  }

  /** Count, list, send, broadcast, publish, disconnect: cluster-wide when the gateway runs on Kafka. */
  public ServerOperations operations() {
    return server.operations();
  }

  /** This process's connections: how many, which, whether draining. */
  public ConnectionHub connections() {
    return server.hub();
  }

  /**
   * Graceful stop, first half: {@code /ready} turns 503 and upgrades are refused at once; after
   * {@code drainReadinessDelay} the connections are closed with 1001, evenly over {@code drainWindow}, each after
   * the replies it is owed. Completes when every connection was asked to close. Idempotent.
   */
  public synchronized Future<Void> drain() {
    if (drained == null) {
      drained = new GracefulDrain(vertx, server.hub(), config).run();
    }
    return drained;
  }

  /** Graceful stop: {@link #drain()}, then {@link #close()}. */
  public Future<Void> stopGracefully() {
    return drain().eventually(this::close);
  }

  /** Undeploys the verticles (connections get their pending replies, then 1001), then closes what it owns. */
  public synchronized Future<Void> close() {
    if (closed == null) {
      log.info("gateway {} stopping", config.gatewayId());
      closed = vertx.undeploy(deploymentId)
          .eventually(() -> closeAll(ownedResources))
          .onComplete(result -> log.info("gateway {} stopped", config.gatewayId()));
    }
    return closed;
  }

  /** The process-wide server side handed to every verticle. */
  private record ServerSide(ConnectionHub hub, ServerOperations operations) {
  }

  /** Closes in order, each after the previous one, carrying on past failures. */
  private static Future<Void> closeAll(List<Supplier<Future<?>>> resources) {
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<?>> resource : resources) {
      chain = chain.transform(ignored -> resource.get()
          .onFailure(e -> log.warn("gateway resource did not close cleanly: {}", e.toString()))
          .<Void>mapEmpty()
          .otherwiseEmpty());
    }
    return chain;
  }
}

package dev.beacon.embedded;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.ingestor.Ingestor;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import dev.beacon.server.GatewayShutdown;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything in one JVM: the embedded broker, a gateway, the broadcaster and the ingestor. This is
 * {@code beacon local}, and what the benchmarks and end-to-end tests start.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  private final EmbeddedKafka kafka;
  private final Vertx vertx;
  private final KafkaSettings settings;
  private final Gateway gateway;
  private final Ingestor ingestor;
  private final BroadcasterService broadcaster;

  private LocalStack(
      EmbeddedKafka kafka,
      Vertx vertx,
      KafkaSettings settings,
      Gateway gateway,
      Ingestor ingestor,
      BroadcasterService broadcaster) {
    this.kafka = kafka;
    this.vertx = vertx;
    this.settings = settings;
    this.gateway = gateway;
    this.ingestor = ingestor;
    this.broadcaster = broadcaster;
  }

  /**
   * Starts the broker, then the ingestor, the broadcaster and the gateway against it, all three at
   * once: they are independent services that wait on the broker (topics, group joins, the
   * transaction coordinator), not on each other, so starting them side by side saves seconds of
   * {@code beacon local}'s start-up. If any part fails to start, the parts that did start are
   * stopped and the failure is thrown.
   *
   * @param kafkaSettings the client settings, given the embedded broker's bootstrap address
   */
  public static LocalStack start(
      KafkaBrokerConfig broker,
      Function<String, KafkaSettings> kafkaSettings,
      GatewayConfig gatewayConfig,
      IngestorConfig ingestorConfig,
      BroadcasterConfig broadcasterConfig) {
    EmbeddedKafka kafka = EmbeddedKafka.start(broker);
    Vertx vertx = Vertx.vertx();
    KafkaSettings settings = kafkaSettings.apply(kafka.bootstrap());
    Future<Ingestor> ingestor = Ingestor.start(vertx, ingestorConfig, settings);
    Future<BroadcasterService> broadcaster =
        BroadcasterService.start(vertx, broadcasterConfig, settings);
    Future<Gateway> gateway =
        Gateway.deploy(vertx, gatewayConfig, KafkaBackend.of(settings), ConnectionListener.NONE);
    try {
      Blocking.await(
          Future.join(ingestor, broadcaster, gateway),
          "start the ingestor, the broadcaster and the gateway");
      return new LocalStack(
          kafka, vertx, settings, gateway.result(), ingestor.result(), broadcaster.result());
    } catch (RuntimeException e) {
      if (gateway.succeeded()) {
        Blocking.awaitQuietly(gateway.result().close(), "stop the gateway");
      }
      if (broadcaster.succeeded()) {
        Blocking.awaitQuietly(broadcaster.result().close(), "stop the broadcaster");
      }
      if (ingestor.succeeded()) {
        Blocking.awaitQuietly(ingestor.result().close(), "stop the ingestor");
      }
      Blocking.awaitQuietly(vertx.close(), "stop Vert.x");
      kafka.close();
      throw named(
          e,
          List.of(
              Map.entry("gateway", gateway),
              Map.entry("broadcaster", broadcaster),
              Map.entry("ingestor", ingestor)));
    }
  }

  /**
   * The failure as the first part that failed tells it ("could not start the gateway: ..."), else
   * as it is.
   */
  private static RuntimeException named(
      RuntimeException e, List<Map.Entry<String, Future<?>>> parts) {
    for (var part : parts) {
      Throwable cause = part.getValue().cause();
      if (part.getValue().failed() && cause != null) {
        return new IllegalStateException(
            "could not start the " + part.getKey() + ": " + cause.getMessage(), cause);
      }
    }
    return e;
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public KafkaSettings kafkaSettings() {
    return settings;
  }

  public Gateway gateway() {
    return gateway;
  }

  public Ingestor ingestor() {
    return ingestor;
  }

  public BroadcasterService broadcaster() {
    return broadcaster;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Stops in dependency order: drain the gateway's clients (readiness first, then 1001 over the
   * drain window), stop taking fixes, drain the ingestor, then the broker.
   */
  @Override
  public void close() {
    log.info("stopping the local stack");
    GatewayShutdown.drainThenClose(gateway);
    Blocking.awaitQuietly(broadcaster.close(), "stop the broadcaster");
    Blocking.awaitQuietly(ingestor.close(), "stop the ingestor");
    Blocking.awaitQuietly(vertx.close(), "stop Vert.x");
    kafka.close();
  }
}

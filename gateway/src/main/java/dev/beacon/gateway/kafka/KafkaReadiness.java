package dev.beacon.gateway.kafka;

import dev.beacon.gateway.backend.Readiness;
import dev.beacon.runtime.kafka.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka is reachable, from a {@code describeCluster} probe every {@link #DEFAULT_PERIOD} on
 * a worker thread. One instance per process, shared by every verticle instance; {@link #ready()}
 * and {@link #reason()} only read the last probe's outcome.
 */
public final class KafkaReadiness implements Readiness {

  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(2);
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofMillis(1500);

  private static final Logger log = LoggerFactory.getLogger(KafkaReadiness.class);

  private final Vertx vertx;
  private final Admin admin;
  private final String bootstrap;
  private final Duration probeTimeout;
  private volatile String reason = "Kafka has not been probed yet";
  private long timer = -1;
  private volatile boolean probing;

  private KafkaReadiness(Vertx vertx, Admin admin, String bootstrap, Duration probeTimeout) {
    this.vertx = vertx;
    this.admin = admin;
    this.bootstrap = bootstrap;
    this.probeTimeout = probeTimeout;
  }

  /** Creates the admin client, probes once, then keeps probing; completes after the first probe. */
  public static Future<KafkaReadiness> start(Vertx vertx, KafkaSettings settings, String clientId) {
    return start(vertx, settings, clientId, DEFAULT_PERIOD, DEFAULT_PROBE_TIMEOUT);
  }

  static Future<KafkaReadiness> start(
      Vertx vertx,
      KafkaSettings settings,
      String clientId,
      Duration period,
      Duration probeTimeout) {
    return vertx
        .executeBlocking(() -> Admin.create(settings.admin(clientId)))
        .map(admin -> new KafkaReadiness(vertx, admin, settings.bootstrap(), probeTimeout))
        .compose(readiness -> readiness.probe().map(v -> readiness.schedule(period)));
  }

  @Override
  public boolean ready() {
    return reason.isEmpty();
  }

  @Override
  public String reason() {
    return reason;
  }

  private KafkaReadiness schedule(Duration period) {
    timer =
        vertx.setPeriodic(
            period.toMillis(),
            id -> {
              if (!probing) {
                probe();
              }
            });
    return this;
  }

  private Future<Void> probe() {
    probing = true;
    return vertx
        .executeBlocking(this::describeCluster, false)
        .transform(
            result -> {
              probing = false;
              record(
                  result.succeeded()
                      ? result.result()
                      : "probe of Kafka at " + bootstrap + " failed: " + result.cause());
              return Future.succeededFuture();
            });
  }

  /** Blocking: runs on a worker. Returns the empty string when Kafka answered, else why not. */
  private String describeCluster() throws InterruptedException {
    long timeoutMs = probeTimeout.toMillis();
    try {
      Collection<Node> nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
              .nodes()
              .get(timeoutMs + 500, TimeUnit.MILLISECONDS);
      return nodes.isEmpty() ? "Kafka at " + bootstrap + " reports no brokers" : "";
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      return "Kafka at "
          + bootstrap
          + " did not answer within "
          + timeoutMs
          + " ms ("
          + cause.getClass().getSimpleName()
          + ")";
    }
  }

  private void record(String newReason) {
    String previous = reason;
    reason = newReason;
    if (newReason.isEmpty() && !previous.isEmpty()) {
      log.info("Kafka at {} is reachable", bootstrap);
    } else if (!newReason.isEmpty() && !newReason.equals(previous)) {
      log.warn("gateway not ready: {}", newReason);
    }
  }

  /** Stops probing and closes the admin client (on a worker). */
  public Future<Void> close() {
    vertx.cancelTimer(timer);
    return vertx.executeBlocking(
        () -> {
          admin.close(Duration.ofSeconds(1));
          return null;
        });
  }
}

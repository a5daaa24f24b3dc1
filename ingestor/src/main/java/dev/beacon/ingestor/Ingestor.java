package dev.beacon.ingestor;

import dev.beacon.ingestor.geofence.Geofencing;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicProvisioner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ingestor service: the GPS store, the consumer thread that fills it and the read API
 * over it. {@link #start} completes once all three are up and fails, leaving nothing running, if
 * any of them fails.
 */
public final class Ingestor {

  private static final Logger log = LoggerFactory.getLogger(Ingestor.class);
  static final String THREAD_NAME = "beacon-ingestor";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final SqliteFixStore store;
  private final IngestorStats stats;
  private final GpsIngestor consumer;
  private final Geofencing geofencing;
  private final FixQueryApi api;
  private final String apiDeployment;
  private Future<Void> closing;

  private Ingestor(Vertx vertx, Parts parts, FixQueryApi api, String apiDeployment) {
    this.vertx = vertx;
    this.store = parts.store();
    this.stats = parts.stats();
    this.consumer = parts.consumer();
    this.geofencing = parts.geofencing();
    this.api = api;
    this.apiDeployment = apiDeployment;
  }

  /** The store, the consumer and their counters, built on a worker because all three block. */
  private record Parts(
      SqliteFixStore store, GpsIngestor consumer, IngestorStats stats, Geofencing geofencing) {}

  /**
   * Provisions {@code beacon.gps}, opens {@code <dataDir>/gps.db}, starts the read API and then the
   * consumer thread.
   */
  public static Future<Ingestor> start(Vertx vertx, IngestorConfig config, KafkaSettings kafka) {
    return vertx
        .executeBlocking(() -> prepare(config, kafka))
        .compose(parts -> deployApi(vertx, config, parts));
  }

  private static Parts prepare(IngestorConfig config, KafkaSettings kafka) {
    TopicProvisioner provisioner = new TopicProvisioner(kafka);
    provisioner.ensure(
        List.of(
            provisioner.gpsTopic(),
            provisioner.geofencesTopic(),
            provisioner.geofenceEventsTopic()));
    Geofencing geofencing = Geofencing.start(kafka, config.groupId());
    SqliteFixStore store;
    try {
      store = SqliteFixStore.open(config.databaseFile(), geofencing.stage());
    } catch (RuntimeException e) {
      geofencing.close();
      throw e;
    }
    try {
      geofencing.startPublishing(config.databaseFile(), kafka, config.groupId());
      IngestorStats stats = new IngestorStats();
      return new Parts(store, new GpsIngestor(kafka, config, store, stats), stats, geofencing);
    } catch (RuntimeException e) {
      geofencing.close();
      store.close();
      throw e;
    }
  }

  private static Future<Ingestor> deployApi(Vertx vertx, IngestorConfig config, Parts parts) {
    GpsIngestor consumer = parts.consumer();
    Geofencing geofencing = parts.geofencing();
    FixQueryApi api =
        new FixQueryApi(
            parts.store(),
            parts.stats(),
            () -> !consumer.hasFailed() && !geofencing.hasFailed(),
            config,
            new FixQueryApi.GeofenceReads(geofencing.directory(), geofencing.events()));
    return vertx
        .deployVerticle(api)
        .map(deployment -> new Ingestor(vertx, parts, api, deployment).startConsuming())
        .recover(
            failure ->
                vertx.<Ingestor>executeBlocking(
                    () -> {
                      consumer.close(Duration.ZERO);
                      geofencing.close();
                      parts.store().close();
                      throw new IllegalStateException(
                          "could not start the GPS read API on "
                              + config.apiHost()
                              + ":"
                              + config.apiPort()
                              + ": "
                              + failure.getMessage()
                              + "; free the port or set BEACON_INGESTOR_PORT",
                          failure);
                    }));
  }

  private Ingestor startConsuming() {
    consumer.start(THREAD_NAME);
    return this;
  }

  /** The port the read API is bound to (the chosen one when configured with port 0). */
  public int apiPort() {
    return api.actualPort();
  }

  public IngestorStats stats() {
    return stats;
  }

  public SqliteFixStore store() {
    return store;
  }

  /**
   * Stops the consumer (it stores and commits what it holds), waits for its thread, then closes the
   * read API and the store. Calling it again returns the same future.
   */
  public synchronized Future<Void> close() {
    if (closing == null) {
      closing =
          vertx
              .executeBlocking(this::stopConsumer)
              .eventually(() -> vertx.undeploy(apiDeployment))
              .eventually(() -> vertx.executeBlocking(this::closeStore));
    }
    return closing;
  }

  private Void stopConsumer() {
    if (!consumer.close(STOP_TIMEOUT)) {
      log.warn("closing the store anyway; the ingestor's last batch will be re-read");
    }
    return null;
  }

  private Void closeStore() {
    geofencing.close();
    store.close();
    log.info("ingestor closed {}", store.file());
    return null;
  }
}

package dev.beacon.broadcaster;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicProvisioner;
import dev.beacon.runtime.metrics.BeaconMetrics;
import dev.beacon.runtime.presence.PresenceReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running broadcaster: the presence reader, the routing loop and the live GPS relay ({@link
 * GpsRelay}), each on its own thread. {@link #start} provisions the messaging topics and {@code
 * beacon.gps}, loads the presence view, then starts routing and relaying; it completes once all
 * consumers are assigned/subscribed and fails, leaving nothing running, if any fails.
 */
public final class BroadcasterService {

  private static final Logger log = LoggerFactory.getLogger(BroadcasterService.class);
  static final String ROUTER_THREAD = "beacon-broadcaster";
  static final String GPS_THREAD = "beacon-gps-relay";
  static final String EVENTS_THREAD = "beacon-geofence-event-relay";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final PresenceView presence;
  private final BroadcasterStats stats;
  private final ConsumeLoop presenceReader;
  private final ConsumeLoop router;
  private final ConsumeLoop gpsRelay;
  private final ConsumeLoop eventRelay;
  private final BroadcasterMetrics metrics;
  private Future<Void> closing;

  private BroadcasterService(Vertx vertx, BroadcasterConfig config, KafkaSettings kafka) {
    this.vertx = vertx;
    this.presence = new PresenceView();
    this.stats = new BroadcasterStats();
    this.presenceReader =
        PresenceReader.loop(
            kafka,
            config.transactionalId() + "-presence",
            presence,
            "direct messages may be refused, restart the broadcaster",
            stats::presenceApplied);
    try {
      this.router = DeliveryRouter.loop(kafka, config, presence, stats);
    } catch (RuntimeException e) {
      presenceReader.closeUnstarted();
      throw e;
    }
    try {
      this.gpsRelay = GpsRelay.loop(kafka, config, presence, stats);
    } catch (RuntimeException e) {
      router.closeUnstarted();
      presenceReader.closeUnstarted();
      throw e;
    }
    try {
      this.eventRelay = GeofenceEventRelay.loop(kafka, config, presence);
    } catch (RuntimeException e) {
      gpsRelay.closeUnstarted();
      router.closeUnstarted();
      presenceReader.closeUnstarted();
      throw e;
    }
    this.metrics =
        new BroadcasterMetrics(
            BeaconMetrics.registry(), stats, router.consumer(), gpsRelay.consumer());
  }

  /**
   * Creates {@code beacon.messages}, {@code beacon.deliveries} and {@code beacon.presence} when
   * missing, reads the presence topic up to its end, then starts routing messages.
   */
  public static Future<BroadcasterService> start(
      Vertx vertx, BroadcasterConfig config, KafkaSettings kafka) {
    return vertx
        .executeBlocking(
            () -> {
              // beacon.gps included: the GPS relay subscribes to it from its end and must see it at
              // once.
              new TopicProvisioner(kafka).ensureAll();
              return new BroadcasterService(vertx, config, kafka);
            })
        .compose(
            service ->
                service
                    .startThreads()
                    .timeout(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .recover(
                        failure ->
                            service
                                .close()
                                .transform(
                                    ignored ->
                                        Future.<BroadcasterService>failedFuture(
                                            new IllegalStateException(
                                                "broadcaster did not start: "
                                                    + failure.getMessage()
                                                    + "; check that Kafka at "
                                                    + kafka.bootstrap()
                                                    + " is up and allows transactions",
                                                failure)))));
  }

  /** Each loop on its own thread, not a daemon: the JVM must not exit under them. */
  private Future<BroadcasterService> startThreads() {
    presenceReader.startThread(PresenceReader.THREAD, false);
    return Future.fromCompletionStage(presenceReader.ready(), vertx.getOrCreateContext())
        .compose(
            loaded -> {
              router.startThread(ROUTER_THREAD, false);
              return Future.fromCompletionStage(router.ready(), vertx.getOrCreateContext());
            })
        .compose(
            routing -> {
              gpsRelay.startThread(GPS_THREAD, false);
              return Future.fromCompletionStage(gpsRelay.ready(), vertx.getOrCreateContext());
            })
        .compose(
            relaying -> {
              eventRelay.startThread(EVENTS_THREAD, false);
              return Future.fromCompletionStage(eventRelay.ready(), vertx.getOrCreateContext());
            })
        .map(
            started -> {
              log.info(
                  "broadcaster started: presence loaded ({} clients present), routing messages, relaying live GPS",
                  presence.count(System.currentTimeMillis()));
              return this;
            });
  }

  /** Who is connected where, as read from {@code beacon.presence}. */
  public PresenceView presence() {
    return presence;
  }

  public BroadcasterStats stats() {
    return stats;
  }

  /** Whether the routing loop, the presence reader or the GPS relay died of an error. */
  public boolean hasFailed() {
    return router.hasFailed()
        || presenceReader.hasFailed()
        || gpsRelay.hasFailed()
        || eventRelay.hasFailed();
  }

  /**
   * Stops the GPS relay and routing (the current transaction commits or aborts), then the presence
   * reader, and waits for the threads. Calling it again returns the same future.
   */
  public synchronized Future<Void> close() {
    if (closing == null) {
      closing =
          vertx.executeBlocking(
              () -> {
                eventRelay.close(STOP_TIMEOUT);
                gpsRelay.close(STOP_TIMEOUT);
                router.close(STOP_TIMEOUT);
                presenceReader.close(STOP_TIMEOUT);
                metrics.close();
                return null;
              });
    }
    return closing;
  }
}

package dev.beacon.broadcaster;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.TopicProvisioner;
import dev.beacon.runtime.metrics.BeaconMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running broadcaster: the presence reader, the routing loop and the live GPS relay ({@link GpsRelay}),
 * each on its own thread. {@link #start} provisions the messaging topics and {@code beacon.gps}, loads the
 * presence view, then starts routing and relaying; it completes once all consumers are assigned/subscribed
 * and fails, leaving nothing running, if any fails.
 */
public final class BroadcasterService {

  private static final Logger log = LoggerFactory.getLogger(BroadcasterService.class);
  static final String ROUTER_THREAD = "beacon-broadcaster";
  static final String PRESENCE_THREAD = "beacon-presence";
  static final String GPS_THREAD = "beacon-gps-relay";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final PresenceView presence;
  private final BroadcasterStats stats;
  private final ConsumeLoop presenceReader;
  private final ConsumeLoop broadcaster;
  private final ConsumeLoop gpsRelay;
  private final Thread presenceThread;
  private final Thread routerThread;
  private final Thread gpsThread;
  private final BroadcasterMetrics metrics;
  private Future<Void> closing;

  private BroadcasterService(Vertx vertx, BroadcasterConfig config, KafkaSettings kafka) {
    this.vertx = vertx;
    this.presence = new PresenceView();
    this.stats = new BroadcasterStats();
    this.presenceReader = PresenceReader.loop(kafka, config.transactionalId() + "-presence", presence, stats);
    try {
      this.broadcaster = Broadcaster.loop(kafka, config, presence, stats);
    } catch (RuntimeException e) {
      presenceReader.closeUnstarted();
      throw e;
    }
    try {
      this.gpsRelay = GpsRelay.loop(kafka, config, presence, stats);
    } catch (RuntimeException e) {
      broadcaster.closeUnstarted();
      presenceReader.closeUnstarted();
      throw e;
    }
    this.metrics = new BroadcasterMetrics(BeaconMetrics.registry(), stats, broadcaster.consumer(),
        gpsRelay.consumer());
    this.presenceThread = thread(presenceReader, PRESENCE_THREAD);
    this.routerThread = thread(broadcaster, ROUTER_THREAD);
    this.gpsThread = thread(gpsRelay, GPS_THREAD);
  }

  private static Thread thread(ConsumeLoop loop, String name) {
    Thread thread = new Thread(loop, name);
    // Created on a worker or event loop, whose daemon flag it would inherit; the JVM must not exit under it.
    thread.setDaemon(false);
    return thread;
  }

  /**
   * Creates {@code beacon.messages}, {@code beacon.deliveries} and {@code beacon.presence} when missing, reads
   * the presence topic up to its end, then starts routing messages.
   */
  public static Future<BroadcasterService> start(Vertx vertx, BroadcasterConfig config, KafkaSettings kafka) {
    return vertx.executeBlocking(() -> {
      // beacon.gps included: the GPS relay subscribes to it from its end and must see it at once.
      new TopicProvisioner(kafka).ensureAll();
      return new BroadcasterService(vertx, config, kafka);
    }).compose(service -> service.startThreads()
        .timeout(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .recover(failure -> service.close().transform(ignored -> Future.<BroadcasterService>failedFuture(
            new IllegalStateException("broadcaster did not start: " + failure.getMessage()
                + "; check that Kafka at " + kafka.bootstrap() + " is up and allows transactions", failure)))));
  }

  private Future<BroadcasterService> startThreads() {
    presenceThread.start();
    return Future.fromCompletionStage(presenceReader.ready(), vertx.getOrCreateContext())
        .compose(loaded -> {
          routerThread.start();
          return Future.fromCompletionStage(broadcaster.ready(), vertx.getOrCreateContext());
        })
        .compose(routing -> {
          gpsThread.start();
          return Future.fromCompletionStage(gpsRelay.ready(), vertx.getOrCreateContext());
        })
        .map(started -> {
          log.info("broadcaster started: presence loaded ({} clients present), routing messages, relaying live GPS",
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
    return broadcaster.hasFailed() || presenceReader.hasFailed() || gpsRelay.hasFailed();
  }

  /**
   * Stops the GPS relay and routing (the current transaction commits or aborts), then the presence reader,
   * and waits for the threads. Calling it again returns the same future.
   */
  public synchronized Future<Void> close() {
    if (closing == null) {
      closing = vertx.executeBlocking(() -> {
        stop(gpsRelay, gpsThread);
        stop(broadcaster, routerThread);
        stop(presenceReader, presenceThread);
        metrics.close();
        return null;
      });
    }
    return closing;
  }

  private static void stop(ConsumeLoop loop, Thread thread) throws InterruptedException {
    if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
      loop.closeUnstarted();
      return;
    }
    loop.stop();
    thread.join(STOP_TIMEOUT.toMillis());
    if (thread.isAlive()) {
      log.warn("the {} thread did not stop within {} s", thread.getName(), STOP_TIMEOUT.toSeconds());
    }
  }
}

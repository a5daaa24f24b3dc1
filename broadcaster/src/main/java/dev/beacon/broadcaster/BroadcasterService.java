package dev.beacon.broadcaster;

import dev.beacon.common.kafka.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running broadcaster: the presence reader and the routing loop, each on its own thread.
 * {@link #start} provisions the messaging topics, loads the presence view, then starts routing; it completes
 * once both consumers are assigned/subscribed and fails, leaving nothing running, if either fails.
 */
public final class BroadcasterService {

  private static final Logger log = LoggerFactory.getLogger(BroadcasterService.class);
  static final String ROUTER_THREAD = "beacon-broadcaster";
  static final String PRESENCE_THREAD = "beacon-presence";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final PresenceView presence;
  private final BroadcasterStats stats;
  private final PresenceReader presenceReader;
  private final Broadcaster broadcaster;
  private final Thread presenceThread;
  private final Thread routerThread;
  private Future<Void> closing;

  private BroadcasterService(Vertx vertx, BroadcasterConfig config, KafkaSettings kafka) {
    this.vertx = vertx;
    this.presence = new PresenceView(config.presenceHeartbeatPeriod());
    this.stats = new BroadcasterStats();
    this.presenceReader = new PresenceReader(kafka, config.transactionalId() + "-presence", presence, stats);
    try {
      this.broadcaster = new Broadcaster(kafka, config, new MessageRouter(presence), stats);
    } catch (RuntimeException e) {
      presenceReader.closeUnstarted();
      throw e;
    }
    this.presenceThread = thread(presenceReader, PRESENCE_THREAD);
    this.routerThread = thread(broadcaster, ROUTER_THREAD);
  }

  private static Thread thread(Runnable task, String name) {
    Thread thread = new Thread(task, name);
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
      new BroadcasterTopics(kafka).ensure();
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
        .map(started -> {
          log.info("broadcaster started: presence loaded ({} clients present), routing messages",
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

  /** Whether the routing loop or the presence reader died of an error. */
  public boolean hasFailed() {
    return broadcaster.hasFailed() || presenceReader.hasFailed();
  }

  /**
   * Stops routing (the current transaction commits or aborts), then the presence reader, and waits for both
   * threads. Calling it again returns the same future.
   */
  public synchronized Future<Void> close() {
    if (closing == null) {
      closing = vertx.executeBlocking(() -> {
        stop(broadcaster::stop, broadcaster::closeUnstarted, routerThread);
        stop(presenceReader::stop, presenceReader::closeUnstarted, presenceThread);
        return null;
      });
    }
    return closing;
  }

  private static void stop(Runnable stop, Runnable closeUnstarted, Thread thread) throws InterruptedException {
    if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
      closeUnstarted.run();
      return;
    }
    stop.run();
    thread.join(STOP_TIMEOUT.toMillis());
    if (thread.isAlive()) {
      log.warn("the {} thread did not stop within {} s", thread.getName(), STOP_TIMEOUT.toSeconds());
    }
  }
}

package dev.beacon.tools.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The load engine of {@code beacon bench gps}: opens {@code connections} connections to a gateway
 * on one {@link GpsLoadPath} ({@code /ws}, the tracker HTTP port or MQTT), keeps {@code window}
 * fixes in flight on each, and measures acked fixes per second and ack latency after a warm-up.
 * Stops by itself when every fix has been answered or {@code maxDuration} has passed, then closes
 * its connections.
 *
 * <p>Use once: {@link #start()} on an event loop, or the blocking {@link #run()} from a plain
 * thread.
 *
 * <p>Raw Vert.x clients (WebSocket, HTTP, MQTT), not the Beacon client library: {@code window}
 * fixes in flight per connection, each ack timed against its own frame, with no reconnect or queue
 * of a client between the generator and the gateway's latency.
 */
public final class GpsLoad {

  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  /** Beyond maxDuration, how long {@link #run()} waits for connections to stop before giving up. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final GpsLoadConfig config;
  private final PrintStream progress;
  private final LoadStats stats = new LoadStats();
  private final List<GpsLoadConnection> connections = new ArrayList<>();
  private volatile long measureStartNanos;
  private volatile long acksBeforeMeasure;

  /**
   * A run on its own two-event-loop Vertx, closed when {@link #run()} returns; no progress lines.
   */
  public GpsLoad(GpsLoadConfig config) {
    this(EventLoopContexts.newClientVertx(), true, config, null);
  }

  /**
   * A run on the caller's Vertx (left open).
   *
   * @param progress where a line of counters goes every second, or null for none
   */
  public GpsLoad(Vertx vertx, GpsLoadConfig config, PrintStream progress) {
    this(vertx, false, config, progress);
  }

  private GpsLoad(Vertx vertx, boolean ownsVertx, GpsLoadConfig config, PrintStream progress) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
    this.progress = progress;
  }

  /**
   * Runs to the end and returns the result; blocks the calling thread, which must not be an event
   * loop.
   */
  public GpsLoadResult run() {
    try {
      return BlockingWait.result(start(), config.maxDuration().plus(STOP_GRACE), "GPS load run");
    } finally {
      if (ownsVertx) {
        BlockingWait.close(vertx);
      }
    }
  }

  /** Starts the run; the future completes with the result when the run has stopped. */
  public Future<GpsLoadResult> start() {
    Transport transport = transport();
    int eventLoops = Math.min(config.connections(), EventLoopContexts.DEFAULT_EVENT_LOOPS);
    return EventLoopContexts.deploy(vertx, eventLoops)
        .compose(spread -> runOn(spread, transport).eventually(() -> spread.release(vertx)))
        .eventually(transport::close);
  }

  /** Makes the connections of one path, and closes what they share. */
  private interface Transport {
    GpsLoadConnection connection(int index, FixLineSource lines);

    Future<Void> close();
  }

  private Transport transport() {
    return switch (config.path()) {
      case WS -> {
        WebSocketClient client =
            vertx.createWebSocketClient(WebSocketEndpoint.clientOptions(config.connections()));
        WebSocketConnectOptions options = WebSocketEndpoint.connectOptions(config.url());
        yield new Transport() {
          @Override
          public GpsLoadConnection connection(int index, FixLineSource lines) {
            return new WebSocketFixConnection(vertx, config, index, lines, stats, client, options);
          }

          @Override
          public Future<Void> close() {
            return client.close();
          }
        };
      }
      case HTTP -> {
        HttpClientAgent client =
            vertx.createHttpClient(
                new HttpClientOptions()
                    .setKeepAlive(true)
                    .setPipelining(false)
                    .setTcpNoDelay(true)
                    .setConnectTimeout((int) WebSocketEndpoint.CONNECT_TIMEOUT.toMillis()));
        boolean tls = "https".equalsIgnoreCase(config.url().getScheme());
        int port = config.url().getPort() > 0 ? config.url().getPort() : (tls ? 443 : 80);
        HttpConnectOptions options =
            new HttpConnectOptions()
                .setHost(config.url().getHost())
                .setPort(port)
                .setSsl(tls)
                .setConnectTimeout(WebSocketEndpoint.CONNECT_TIMEOUT.toMillis());
        yield new Transport() {
          @Override
          public GpsLoadConnection connection(int index, FixLineSource lines) {
            return new HttpFixConnection(vertx, config, index, lines, stats, client, options);
          }

          @Override
          public Future<Void> close() {
            return client.close();
          }
        };
      }
      case MQTT ->
          new Transport() {
            @Override
            public GpsLoadConnection connection(int index, FixLineSource lines) {
              return new MqttFixConnection(vertx, config, index, lines, stats);
            }

            @Override
            public Future<Void> close() {
              return Future.succeededFuture();
            }
          };
    };
  }

  private Future<GpsLoadResult> runOn(EventLoopContexts spread, Transport transport) {
    long startNanos = System.nanoTime();
    measureStartNanos = startNanos;
    List<Future<Void>> finished = openConnections(spread, transport);
    List<Long> timers = startTimers(spread, startNanos);
    return Future.all(finished)
        .map(
            all -> {
              timers.forEach(vertx::cancelTimer);
              return result(startNanos);
            });
  }

  private List<Future<Void>> openConnections(EventLoopContexts spread, Transport transport) {
    FixLineSource lines = new FixLineSource(config, System.currentTimeMillis());
    List<Future<Void>> finished = new ArrayList<>();
    for (int i = 0; i < config.connections(); i++) {
      GpsLoadConnection connection = transport.connection(i, lines);
      connections.add(connection);
      Promise<Void> done = Promise.promise();
      spread.forIndex(i).runOnContext(v -> connection.open().onComplete(done));
      finished.add(done.future());
    }
    return finished;
  }

  private List<Long> startTimers(EventLoopContexts spread, long startNanos) {
    List<Long> timers = new ArrayList<>();
    timers.add(vertx.setTimer(config.maxDuration().toMillis(), id -> stopAll(spread)));
    if (!config.warmup().isZero()) {
      timers.add(vertx.setTimer(config.warmup().toMillis(), id -> beginMeasurement()));
    }
    if (progress != null) {
      ProgressReporter reporter = new ProgressReporter(stats, progress, startNanos);
      timers.add(vertx.setPeriodic(PROGRESS_INTERVAL.toMillis(), id -> reporter.report()));
    }
    return timers;
  }

  private void stopAll(EventLoopContexts spread) {
    for (int i = 0; i < connections.size(); i++) {
      GpsLoadConnection connection = connections.get(i);
      spread.forIndex(i).runOnContext(v -> connection.stop());
    }
  }

  /** Drops what the warm-up recorded: from here on, acks and latencies count. */
  private void beginMeasurement() {
    acksBeforeMeasure = stats.ok();
    stats.takeLatencyInterval();
    measureStartNanos = System.nanoTime();
  }

  private GpsLoadResult result(long startNanos) {
    long endNanos =
        connections.stream().mapToLong(GpsLoadConnection::finishedAtNanos).max().orElse(startNanos);
    boolean warmedUp = measureStartNanos < endNanos;
    long measuredNanos = Math.max(1, endNanos - (warmedUp ? measureStartNanos : startNanos));
    long measuredAcks = stats.ok() - (warmedUp ? acksBeforeMeasure : 0);
    long unanswered = Math.max(0, stats.sent() - stats.ok() - stats.errors());
    boolean completed = unanswered == 0 && stats.sent() == config.totalFixes();
    return new GpsLoadResult(
        config,
        stats.sent(),
        stats.ok(),
        stats.errorsByCode(),
        stats.connectFailures(),
        stats.dropped(),
        unanswered,
        Duration.ofNanos(endNanos - startNanos),
        Duration.ofNanos(measuredNanos),
        measuredAcks,
        measuredAcks * 1e9 / measuredNanos,
        LatencySummary.of(stats.takeLatencyInterval()),
        stats.firstSendNanos() == 0 ? startNanos : stats.firstSendNanos(),
        completed);
  }
}

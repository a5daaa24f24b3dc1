package dev.beacon.tools.sim;

import dev.beacon.client.ClientOptions;
import dev.beacon.client.ReconnectPolicy;
import dev.beacon.tools.bench.BlockingWait;
import dev.beacon.tools.bench.EventLoopContexts;
import dev.beacon.tools.bench.LatencySummary;
import dev.beacon.tools.bench.LoadStats;
import dev.beacon.tools.bench.ProgressReporter;
import dev.beacon.tools.bench.WebSocketEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code beacon simulate}: a fleet of GPS devices talking to a gateway over the device CSV
 * protocol.
 *
 * <p>Parity mode reproduces the original Python simulator: each device waits a random 1-3 s,
 * connects, sends 1-5 fixes, waiting for {@code OK} after each, and closes. Rate mode keeps every
 * device connected for a duration and spreads a total rate of fixes over them. Either way the run
 * ends by itself, when every device is done or at a hard deadline, and prints a progress line every
 * second while it runs.
 *
 * <p>Use once: {@link #start()} on an event loop, or the blocking {@link #run()} from a plain
 * thread. Neither prints the summary: that is {@link SimulationResult#summary()}.
 */
public final class DeviceSimulator {

  /**
   * Beyond the deadline, how long {@link #run()} waits for the devices to stop before giving up.
   */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final SimulatorConfig config;
  private final LoadStats stats = new LoadStats();
  private final List<SimulatedDevice> devices = new ArrayList<>();
  private volatile boolean deadlineHit;

  /** A simulation on its own small Vertx, closed when {@link #run()} returns. */
  public DeviceSimulator(SimulatorConfig config) {
    this(EventLoopContexts.newClientVertx(), true, config);
  }

  /** A simulation on the caller's Vertx, which stays open. */
  public DeviceSimulator(Vertx vertx, SimulatorConfig config) {
    this(vertx, false, config);
  }

  private DeviceSimulator(Vertx vertx, boolean ownsVertx, SimulatorConfig config) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
  }

  /**
   * Runs to the end and returns the result; blocks the calling thread, which must not be an event
   * loop.
   */
  public SimulationResult run() {
    try {
      return BlockingWait.result(
          start(), config.effectiveDeadline().plus(STOP_GRACE), "simulation");
    } finally {
      if (ownsVertx) {
        BlockingWait.close(vertx);
      }
    }
  }

  /** Starts the devices; the future completes with the result when the run is over. */
  public Future<SimulationResult> start() {
    WebSocketClient client =
        vertx.createWebSocketClient(
            deviceOptions(config)
                .webSocketClientOptions()
                .setMaxConnections(config.devices() + 16)
                .setConnectTimeout((int) WebSocketEndpoint.CONNECT_TIMEOUT.toMillis()));
    int eventLoops = Math.min(config.devices(), EventLoopContexts.DEFAULT_EVENT_LOOPS);
    return EventLoopContexts.deploy(vertx, eventLoops)
        .compose(spread -> runOn(spread, client).eventually(() -> spread.release(vertx)))
        .eventually(client::close);
  }

  private Future<SimulationResult> runOn(EventLoopContexts spread, WebSocketClient client) {
    long startNanos = System.nanoTime();
    GatewayConnector connector =
        new GatewayConnector(vertx, client, deviceOptions(config), stats, config.replyTimeout());
    createDevices(connector, startNanos);
    List<Future<Void>> finished = launch(spread);
    Promise<Void> deadline = Promise.promise();
    List<Long> timers = startTimers(deadline, startNanos);
    return Future.any(Future.all(finished), deadline.future())
        .map(
            over -> {
              timers.forEach(vertx::cancelTimer);
              stopAll(spread);
              return result(startNanos);
            });
  }

  /**
   * As the original simulator: no keep-alive pings, no reconnect; the connect timeout of the load
   * generators.
   */
  static ClientOptions deviceOptions(SimulatorConfig config) {
    return ClientOptions.builder(config.url())
        .pingInterval(Duration.ZERO)
        .connectTimeout(WebSocketEndpoint.CONNECT_TIMEOUT)
        .reconnect(ReconnectPolicy.never())
        .build();
  }

  private List<Long> startTimers(Promise<Void> deadline, long startNanos) {
    List<Long> timers = new ArrayList<>();
    timers.add(
        vertx.setTimer(
            config.effectiveDeadline().toMillis(),
            id -> {
              deadlineHit = true;
              deadline.tryComplete();
            }));
    if (config.printsProgress()) {
      ProgressReporter reporter = new ProgressReporter(stats, config.out(), startNanos);
      timers.add(vertx.setPeriodic(config.progressInterval().toMillis(), id -> reporter.report()));
    }
    return timers;
  }

  private void createDevices(GatewayConnector connector, long startNanos) {
    SplittableRandom seeds = new SplittableRandom(config.seed());
    for (int i = 0; i < config.devices(); i++) {
      SplittableRandom random = seeds.split();
      DeviceTrack track = new DeviceTrack(config.deviceIdPrefix() + (i + 1), random);
      devices.add(
          config.rateMode()
              ? pacedDevice(connector, track, random, startNanos)
              : parityDevice(connector, track, random));
    }
  }

  private SimulatedDevice parityDevice(
      GatewayConnector connector, DeviceTrack track, SplittableRandom random) {
    long minMillis = config.minStartDelay().toMillis();
    long delayMillis =
        minMillis + random.nextLong(config.maxStartDelay().toMillis() - minMillis + 1);
    int fixes = 1 + random.nextInt(config.maxFixesPerDevice());
    return new ParityDevice(vertx, connector, track, Duration.ofMillis(delayMillis), fixes);
  }

  private SimulatedDevice pacedDevice(
      GatewayConnector connector, DeviceTrack track, SplittableRandom random, long startNanos) {
    long intervalNanos = Math.max(1, config.devices() * 1_000_000_000L / config.rate());
    long endNanos = startNanos + config.duration().toNanos();
    return new PacedDevice(
        vertx, connector, track, intervalNanos, random.nextLong(intervalNanos), endNanos);
  }

  private List<Future<Void>> launch(EventLoopContexts spread) {
    List<Future<Void>> finished = new ArrayList<>();
    for (int i = 0; i < devices.size(); i++) {
      SimulatedDevice device = devices.get(i);
      Promise<Void> done = Promise.promise();
      spread.forIndex(i).runOnContext(v -> device.run().onComplete(done));
      finished.add(done.future());
    }
    return finished;
  }

  private void stopAll(EventLoopContexts spread) {
    for (int i = 0; i < devices.size(); i++) {
      SimulatedDevice device = devices.get(i);
      spread.forIndex(i).runOnContext(v -> device.stop());
    }
  }

  private SimulationResult result(long startNanos) {
    return new SimulationResult(
        config.devices(),
        stats.sent(),
        stats.ok(),
        stats.errorsByCode(),
        stats.connectFailures(),
        stats.dropped(),
        stats.dropsByCloseCode(),
        stats.missedSlots(),
        deadlineHit,
        Duration.ofNanos(System.nanoTime() - startNanos),
        LatencySummary.of(stats.takeLatencyInterval()));
  }
}

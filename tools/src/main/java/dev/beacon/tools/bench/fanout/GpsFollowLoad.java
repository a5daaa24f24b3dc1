package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.BlockingWait;
import dev.beacon.tools.bench.LatencySummary;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Live-GPS load: devices send fixes on the device endpoint ({@link GpsDevice}), followers of {@code
 * gps:*} and of single devices receive them through the broadcaster's GPS relay ({@link
 * GpsFollower}). Measures the latency from a device's frame to each follower's receipt, and what
 * never arrived.
 *
 * <p>Only fixes sent in the measured window count as expected: the relay skips fixes of devices it
 * does not yet know to be followed, and a follower's presence reaches it a moment after its {@code
 * subscribed}; the warm-up covers that.
 *
 * <p>Bounded: each device sends a fixed number of fixes; after the last one is due the run waits at
 * most {@link GpsFollowConfig#drain()} for deliveries still on their way, then closes every
 * connection.
 */
public final class GpsFollowLoad {

  private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final GpsRun run;
  private final PrintStream out;
  private final MeasuredWindow window;
  private final List<GpsDevice> devices = new ArrayList<>();
  private final List<GpsFollower> followers = new ArrayList<>();

  public GpsFollowLoad(GpsFollowConfig config, PrintStream out, MeasuredWindow window) {
    this.run = new GpsRun(config, System.currentTimeMillis() / 1000 - config.fixesPerDevice() - 1);
    this.out = out;
    this.window = window;
  }

  /** Runs to the end on the calling (non event-loop) thread. */
  public GpsFollowResult run() {
    try (LoadClients clients =
        LoadClients.open(run.config.devices() + run.config.followers(), Duration.ofSeconds(60))) {
      connect(clients);
      send();
      return collect();
    }
  }

  private void connect(LoadClients clients) {
    GpsFollowConfig config = run.config;
    ConnectionRamp ramp = new ConnectionRamp(ConnectionRamp.DEFAULT_IN_FLIGHT);
    for (int j = 0; j < config.followers(); j++) {
      int device =
          j < config.allFollowers() ? -1 : config.followedDevice(j - config.allFollowers());
      GpsFollower f = new GpsFollower(run, clients.spread.forIndex(j), j, device);
      followers.add(f);
      ramp.add(f.context, () -> f.open(clients.client));
    }
    for (int i = 0; i < config.devices(); i++) {
      GpsDevice d = new GpsDevice(run, clients.vertx, clients.spread.forIndex(i), i);
      devices.add(d);
      ramp.add(d.context, () -> d.open(clients.client));
    }
    double seconds =
        ramp.openAll(
            "connecting "
                + config.devices()
                + " devices and subscribing "
                + config.followers()
                + " followers");
    out.printf(
        Locale.ROOT,
        "  %,d followers subscribed (%,d of gps:*, %,d of one device) and %,d devices connected "
            + "over %d gateway(s) in %.1f s%n",
        config.followers(),
        config.allFollowers(),
        config.deviceFollowers(),
        config.devices(),
        config.urls().size(),
        seconds);
  }

  private void send() {
    SendPhase phase =
        SendPhase.after(START_DELAY_NANOS, run.config.warmup(), run.config.duration());
    run.measureStartNanos = phase.measureStart();
    run.measureEndNanos = phase.end();
    for (GpsDevice d : devices) {
      d.context.runOnContext(v -> d.start(phase.start()));
    }
    phase.await(window, new Progress(phase.start())::print);
    drain();
    for (GpsDevice d : devices) {
      d.context.runOnContext(v -> d.stop());
    }
  }

  private long distinct() {
    return run.allStats.distinct.sum() + run.deviceStats.distinct.sum();
  }

  /**
   * Until the devices are done and deliveries have been quiet for a second, or the drain time is
   * up.
   */
  private void drain() {
    long deadline = System.nanoTime() + run.config.drain().toNanos();
    long seen = -1;
    long lastProgress = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = System.nanoTime();
      long distinct = distinct();
      if (distinct != seen) {
        seen = distinct;
        lastProgress = now;
      } else if (now - lastProgress > QUIET_NANOS && devicesDone()) {
        return;
      }
      BlockingWait.sleepNanos(50_000_000L);
    }
  }

  private boolean devicesDone() {
    for (GpsDevice d : devices) {
      if (!d.done) {
        return false;
      }
    }
    return true;
  }

  private GpsFollowResult collect() {
    BitSet expected = new BitSet(run.fixes.size());
    long sentInWindow = 0;
    for (int i = 0; i < run.fixes.size(); i++) {
      if (run.inWindow(run.fixes.sentNanos(i))) {
        sentInWindow++;
        if (run.fixes.isAcked(i)) {
          expected.set(i);
        }
      }
    }
    out.printf(
        Locale.ROOT,
        "  fixes of the measured window: sent %,d, OK %,d (only those are expected at the "
            + "followers)%n",
        sentInWindow,
        expected.cardinality());
    List<Future<Long>> missing = new ArrayList<>();
    for (GpsFollower f : followers) {
      Promise<Long> m = Promise.promise();
      f.context.runOnContext(v -> m.complete(f.finish(expected)));
      missing.add(m.future());
    }
    BlockingWait.result(
        Future.all(missing), Duration.ofSeconds(30), "collecting the followers' counts");
    int all = run.config.allFollowers();
    long missingAll = 0;
    long missingDevice = 0;
    long expectedMeasured = (long) expected.cardinality() * all;
    for (int j = 0; j < followers.size(); j++) {
      long m = missing.get(j).result();
      if (j < all) {
        missingAll += m;
      } else {
        missingDevice += m;
        int device = run.config.followedDevice(j - all);
        int from = device * run.fixes.fixesPerDevice();
        expectedMeasured += expected.get(from, from + run.fixes.fixesPerDevice()).cardinality();
      }
    }
    FanoutStats a = run.allStats;
    FanoutStats d = run.deviceStats;
    double seconds = run.config.duration().toNanos() / 1e9;
    return new GpsFollowResult(
        run.config,
        run.stats.sent.sum(),
        run.acked.sum(),
        run.rejected.sum(),
        expectedMeasured,
        a.measuredDeliveries.sum() / seconds,
        d.measuredDeliveries.sum() / seconds,
        LatencySummary.of(a.takeLatency()),
        LatencySummary.of(d.takeLatency()),
        missingAll,
        missingDevice,
        a.duplicates.sum() + d.duplicates.sum(),
        a.strays.sum() + d.strays.sum(),
        run.stats.errors.sum(),
        run.stats.firstError.get(),
        run.stats.connectFailures.sum(),
        run.stats.closes(),
        run.stats.maxSendLagNanos.get() / 1e6);
  }

  /** The once-a-second progress line. */
  private final class Progress {
    private final long start;
    private long lastDeliveries;

    Progress(long start) {
      this.start = start;
    }

    void print(long now) {
      long deliveries = distinct();
      out.printf(
          Locale.ROOT,
          "  %4.0f s: fixes sent %,d, OK %,d, deliveries %,d/s%s%n",
          (now - start) / 1e9,
          run.stats.sent.sum(),
          run.acked.sum(),
          deliveries - lastDeliveries,
          now < run.measureStartNanos ? " (warm-up)" : "");
      lastDeliveries = deliveries;
    }
  }
}

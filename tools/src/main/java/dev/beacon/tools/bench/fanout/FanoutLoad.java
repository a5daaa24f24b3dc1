package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.BlockingWait;
import dev.beacon.tools.bench.EventLoopContexts;
import dev.beacon.tools.bench.LatencySummary;
import dev.beacon.tools.bench.WebSocketEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Room fan-out load: publishers send paced chat messages into the rooms of a {@link RoomPlan} (one
 * room, or many small ones), every subscriber counts what it receives ({@link RoomSubscriber}).
 * Runs on its own Vertx with {@link EventLoopContexts#DEFAULT_EVENT_LOOPS} event loops.
 *
 * <p>Latency is receive {@link System#nanoTime()} minus the due time the publisher stamped in the
 * content, which is only meaningful because publishers and subscribers live in this one JVM (the
 * load generator's process).
 *
 * <p>Bounded: every publisher sends a fixed quota, and after the last due send the run waits at
 * most {@link FanoutConfig#drain()} for late deliveries, then closes every connection.
 *
 * <p>Raw Vert.x WebSockets, not the client library: the same generator drives Beacon and the plain
 * Node {@code ws} peer ({@code bench-node}), and counts missing and duplicate sequence numbers that
 * a client's recovery would hide.
 */
public final class FanoutLoad {

  private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(60);
  private static final Duration CONNECT_DEADLINE_PER_CONNECTION = Duration.ofMillis(10);
  private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final Duration STALL = Duration.ofSeconds(3);

  private final RoomRun run;
  private final PrintStream out;
  private final MeasuredWindow window;
  private final List<RoomSubscriber> subscribers = new ArrayList<>();
  private final List<RoomPublisher> publishers = new ArrayList<>();

  public FanoutLoad(FanoutConfig config, PrintStream out) {
    this(config, out, MeasuredWindow.NONE);
  }

  public FanoutLoad(FanoutConfig config, PrintStream out, MeasuredWindow window) {
    this.run = new RoomRun(config);
    this.out = out;
    this.window = window;
  }

  /** Runs to the end on the calling (non event-loop) thread. */
  public FanoutResult run() {
    Vertx vertx = EventLoopContexts.newClientVertx();
    try {
      EventLoopContexts spread =
          BlockingWait.result(
              EventLoopContexts.deploy(vertx, EventLoopContexts.DEFAULT_EVENT_LOOPS),
              Duration.ofSeconds(10),
              "contexts");
      WebSocketClient client =
          vertx.createWebSocketClient(
              WebSocketEndpoint.clientOptions(run.config.publishers() + run.config.subscribers()));
      try {
        connect(vertx, spread, client);
        long[] sentBy = send();
        return collect(sentBy);
      } finally {
        BlockingWait.result(client.close(), Duration.ofSeconds(30), "closing the connections");
      }
    } finally {
      BlockingWait.close(vertx);
    }
  }

  private void connect(Vertx vertx, EventLoopContexts spread, WebSocketClient client) {
    FanoutConfig config = run.config;
    List<Future<Void>> ready = new ArrayList<>();
    ConnectionRamp ramp = new ConnectionRamp(ConnectionRamp.DEFAULT_IN_FLIGHT);
    for (int i = 0; i < config.subscribers(); i++) {
      RoomSubscriber s = new RoomSubscriber(run, spread.forIndex(i), i);
      subscribers.add(s);
      ready.add(ramp.add(s.context, () -> s.open(client)));
    }
    for (int i = 0; i < config.publishers(); i++) {
      RoomPublisher p = new RoomPublisher(run, vertx, spread.forIndex(i), i);
      publishers.add(p);
      ready.add(ramp.add(p.context, () -> p.open(client)));
    }
    ramp.start();
    long setupStart = System.nanoTime();
    BlockingWait.result(
        Future.all(ready),
        connectDeadline(config.subscribers() + config.publishers()),
        "connecting and subscribing "
            + config.subscribers()
            + " subscribers and "
            + config.publishers()
            + " publishers");
    out.printf(
        Locale.ROOT,
        "  %,d subscribers in %,d room(s) and %d publishers connected over %d gateway(s) in %.1f s%n",
        config.subscribers(),
        config.plan().rooms(),
        config.publishers(),
        config.urls().size(),
        (System.nanoTime() - setupStart) / 1e9);
  }

  /**
   * Sends the whole schedule with a progress line a second, drains, stops the publishers; returns
   * what each sent.
   */
  private long[] send() {
    long start = System.nanoTime() + START_DELAY_NANOS;
    run.measureStartNanos = start + run.config.warmup().toNanos();
    long sendEnd = run.measureStartNanos + run.config.duration().toNanos();
    run.measureEndNanos = sendEnd;
    for (RoomPublisher p : publishers) {
      p.context.runOnContext(v -> p.start(start));
    }
    Progress progress = new Progress(start);
    boolean opened = false;
    while (System.nanoTime() < sendEnd) {
      long now = System.nanoTime();
      if (!opened && now >= run.measureStartNanos) {
        window.opened();
        opened = true;
      }
      long wake = opened ? progress.nextTick : Math.min(progress.nextTick, run.measureStartNanos);
      sleepNanos(Math.min(wake, sendEnd) - now);
      if (System.nanoTime() >= progress.nextTick) {
        progress.print();
      }
    }
    if (!opened) {
      window.opened();
    }
    window.closed();
    drain();
    for (RoomPublisher p : publishers) {
      p.context.runOnContext(v -> p.stop());
    }
    long[] sentBy = new long[publishers.size()];
    for (int i = 0; i < sentBy.length; i++) {
      sentBy[i] = publishers.get(i).sentCount;
    }
    return sentBy;
  }

  /** Until every member has every message sent, the deliveries stall, or the drain time is up. */
  private void drain() {
    long drainDeadline = System.nanoTime() + run.config.drain().toNanos();
    long lastProgress = System.nanoTime();
    long seen = -1;
    while (System.nanoTime() < drainDeadline) {
      long expected = run.stats.sent.sum() * run.config.deliveriesPerMessage();
      long distinct = run.stats.distinct.sum();
      if (distinct >= expected && publishersDone()) {
        return;
      }
      if (distinct != seen) {
        seen = distinct;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > STALL.toNanos() && publishersDone()) {
        return;
      }
      sleepNanos(50_000_000L);
    }
  }

  private FanoutResult collect(long[] sentBy) {
    List<Future<RoomSubscriber.Missing>> missing = new ArrayList<>();
    for (RoomSubscriber s : subscribers) {
      Promise<RoomSubscriber.Missing> m = Promise.promise();
      s.context.runOnContext(v -> m.complete(s.finish(sentBy)));
      missing.add(m.future());
    }
    BlockingWait.result(
        Future.all(missing), Duration.ofSeconds(30), "collecting the subscribers' counts");
    long missingTotal = 0;
    int incomplete = 0;
    BitSet roomsMissing = new BitSet();
    for (Future<RoomSubscriber.Missing> m : missing) {
      missingTotal += m.result().count();
      incomplete += m.result().count() > 0 ? 1 : 0;
      roomsMissing.or(m.result().rooms());
    }
    long sent = 0;
    for (long n : sentBy) {
      sent += n;
    }
    FanoutStats stats = run.stats;
    long measured = stats.measuredDeliveries.sum();
    double seconds = run.config.duration().toNanos() / 1e9;
    return new FanoutResult(
        run.config,
        sent,
        stats.distinct.sum(),
        measured,
        measured / seconds,
        LatencySummary.of(stats.takeLatency()),
        run.completion.summarize(
            run.config.deliveriesPerMessage(), run.measureStartNanos, run.measureEndNanos),
        missingTotal,
        incomplete,
        roomsMissing.cardinality(),
        stats.duplicates.sum(),
        stats.strays.sum(),
        stats.errors.sum(),
        stats.firstError.get(),
        stats.connectFailures.sum(),
        stats.closes(),
        stats.maxSendLagNanos.get() / 1e6);
  }

  /** How long connecting (and subscribing) {@code connections} may take before the run gives up. */
  static Duration connectDeadline(int connections) {
    return CONNECT_DEADLINE.plus(CONNECT_DEADLINE_PER_CONNECTION.multipliedBy(connections));
  }

  private boolean publishersDone() {
    for (RoomPublisher p : publishers) {
      if (!p.done) {
        return false;
      }
    }
    return true;
  }

  static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The once-a-second progress line. */
  private final class Progress {
    private final long start;
    private long nextTick;
    private long lastDistinct;
    private long lastTick;

    Progress(long start) {
      this.start = start;
      this.lastTick = System.nanoTime();
      this.nextTick = lastTick + 1_000_000_000L;
    }

    void print() {
      long now = System.nanoTime();
      long distinct = run.stats.distinct.sum();
      out.printf(
          Locale.ROOT,
          "  %4.0f s: sent %,d, deliveries %,.0f/s%s%n",
          (now - start) / 1e9,
          run.stats.sent.sum(),
          (distinct - lastDistinct) * 1e9 / Math.max(1, now - lastTick),
          now < run.measureStartNanos ? " (warm-up)" : "");
      lastDistinct = distinct;
      lastTick = now;
      nextTick = now + 1_000_000_000L;
    }
  }
}

package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.BlockingWait;
import dev.beacon.tools.bench.EventLoopContexts;
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
    this(config, ChatPayload.DEFAULT, out, window);
  }

  public FanoutLoad(
      FanoutConfig config, ChatPayload payload, PrintStream out, MeasuredWindow window) {
    this.run = new RoomRun(config, payload);
    this.out = out;
    this.window = window;
  }

  /** Runs to the end on the calling (non event-loop) thread. */
  public FanoutResult run() {
    try (LoadClients clients =
        LoadClients.open(
            run.config.publishers() + run.config.subscribers(), Duration.ofSeconds(30))) {
      connect(clients);
      long[] sentBy = send();
      return collect(sentBy);
    }
  }

  private void connect(LoadClients clients) {
    FanoutConfig config = run.config;
    ConnectionRamp ramp = new ConnectionRamp(ConnectionRamp.DEFAULT_IN_FLIGHT);
    for (int i = 0; i < config.subscribers(); i++) {
      RoomSubscriber s = new RoomSubscriber(run, clients.spread.forIndex(i), i);
      subscribers.add(s);
      ramp.add(s.context, () -> s.open(clients.client));
    }
    for (int i = 0; i < config.publishers(); i++) {
      RoomPublisher p = new RoomPublisher(run, clients.vertx, clients.spread.forIndex(i), i);
      publishers.add(p);
      ramp.add(p.context, () -> p.open(clients.client));
    }
    double seconds =
        ramp.openAll(
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
        seconds);
  }

  /**
   * Sends the whole schedule with a progress line a second, drains, stops the publishers; returns
   * what each sent.
   */
  private long[] send() {
    SendPhase phase =
        SendPhase.after(START_DELAY_NANOS, run.config.warmup(), run.config.duration());
    run.measureStartNanos = phase.measureStart();
    run.measureEndNanos = phase.end();
    for (RoomPublisher p : publishers) {
      p.context.runOnContext(v -> p.start(phase.start()));
    }
    phase.await(window, new Progress(phase.start())::print);
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
      BlockingWait.sleepNanos(50_000_000L);
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

  private boolean publishersDone() {
    for (RoomPublisher p : publishers) {
      if (!p.done) {
        return false;
      }
    }
    return true;
  }

  /** The once-a-second progress line. */
  private final class Progress {
    private final long start;
    private long lastDistinct;
    private long lastTick;

    Progress(long start) {
      this.start = start;
      this.lastTick = System.nanoTime();
    }

    void print(long now) {
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
    }
  }
}

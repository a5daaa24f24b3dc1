package dev.beacon.tools.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * One connection of a {@link GpsLoad}: keeps up to {@code window} fixes in flight and matches each
 * reply to the oldest unanswered fix (the gateway answers each connection in order, on every path),
 * whose send time gives the ack latency. Subclasses speak one {@link GpsLoadPath}.
 *
 * <p>Connection {@code index} of {@code connections} sends fix numbers {@code index, index +
 * connections, ...} so the connections together cover {@code 0..totalFixes-1} exactly once. When
 * paced, fix {@code k} is due at {@code start + k * interval}; a fix sent late still has its
 * latency measured from when it was due, so a stalled gateway shows in the percentiles instead of
 * silently lowering the send rate.
 *
 * <p>Runs on a single event loop: every method but {@link #finishedAtNanos()} is called on it.
 */
abstract class GpsLoadConnection {

  protected final Vertx vertx;
  protected final GpsLoadConfig config;
  protected final FixLineSource lines;
  protected final LoadStats stats;
  protected final int index;
  private final int connections;
  private final long quota;
  private final long intervalNanos;
  private final long[] sendTimes;
  private final Promise<Void> finished = Promise.promise();
  private int oldest;
  private int inFlight;
  private long sentCount;
  private long replyCount;
  private long nextDueNanos;
  private boolean wakeScheduled;
  private boolean stopped;
  private volatile long finishedAtNanos;

  GpsLoadConnection(
      Vertx vertx, GpsLoadConfig config, int index, FixLineSource lines, LoadStats stats) {
    this.vertx = vertx;
    this.config = config;
    this.index = index;
    this.connections = config.connections();
    this.quota =
        config.totalFixes() / connections + (index < config.totalFixes() % connections ? 1 : 0);
    this.intervalNanos =
        config.paced() ? Math.max(1, connections * 1_000_000_000L / config.rate()) : 0;
    this.lines = lines;
    this.stats = stats;
    this.sendTimes = new long[config.effectiveWindow()];
  }

  /**
   * Connects and starts sending; the returned future completes when the connection is done, never
   * fails.
   */
  final Future<Void> open() {
    if (quota == 0) {
      finish();
      return finished.future();
    }
    connect()
        .onComplete(
            connected -> {
              if (connected.failed()) {
                stats.connectFailed();
                finish();
              } else {
                onConnected();
              }
            });
    return finished.future();
  }

  /** Opens the transport; the future fails when it could not be opened. */
  protected abstract Future<Void> connect();

  /** Sends fix number {@code n}; its answer must come back through {@link #answered}. */
  protected abstract void sendFix(long n);

  /** Closes the transport (called once, when the connection is done or stopped). */
  protected abstract void close();

  /** Stops sending and closes the socket; fixes still in flight stay unanswered. */
  void stop() {
    finish();
  }

  long finishedAtNanos() {
    return finishedAtNanos;
  }

  private void onConnected() {
    if (stopped) {
      close();
      return;
    }
    // the schedule starts once connected, so connection set-up is not counted as latency; the
    // offset spreads the connections' first sends over one interval instead of sending them in a
    // burst
    nextDueNanos = System.nanoTime() + intervalNanos * index / connections;
    pump();
  }

  private void pump() {
    while (!stopped && inFlight < sendTimes.length && sentCount < quota) {
      long now = System.nanoTime();
      if (intervalNanos > 0 && nextDueNanos > now) {
        scheduleWake(nextDueNanos - now);
        return;
      }
      send(intervalNanos > 0 ? nextDueNanos : now);
      nextDueNanos += intervalNanos;
    }
  }

  private void send(long dueNanos) {
    if (sentCount == 0) {
      stats.firstSendAt(System.nanoTime());
    }
    long n = index + sentCount * connections;
    sendTimes[(oldest + inFlight) % sendTimes.length] = dueNanos;
    inFlight++;
    sentCount++;
    stats.fixSent();
    sendFix(n);
  }

  private void scheduleWake(long delayNanos) {
    if (!wakeScheduled) {
      wakeScheduled = true;
      vertx
          .timer(delayNanos, TimeUnit.NANOSECONDS)
          .onComplete(
              fired -> {
                wakeScheduled = false;
                pump();
              });
    }
  }

  /**
   * The answer to the oldest fix in flight: {@code record} counts it in {@link #stats} with its
   * latency in nanoseconds.
   */
  protected final void answered(LongConsumer record) {
    if (inFlight == 0) {
      stats.recordError(LoadStats.UNEXPECTED_REPLY);
      return;
    }
    long sentAt = sendTimes[oldest];
    oldest = (oldest + 1) % sendTimes.length;
    inFlight--;
    replyCount++;
    record.accept(System.nanoTime() - sentAt);
    if (replyCount == quota) {
      finish();
    } else {
      pump();
    }
  }

  /** The gateway ended the connection; {@code closeCode} is null when it gave none. */
  protected final void closedByPeer(Short closeCode) {
    if (!stopped) {
      stats.connectionDropped(closeCode);
      finish();
    }
  }

  protected final boolean stopped() {
    return stopped;
  }

  private void finish() {
    if (stopped) {
      return;
    }
    stopped = true;
    finishedAtNanos = System.nanoTime();
    close();
    finished.tryComplete();
  }
}

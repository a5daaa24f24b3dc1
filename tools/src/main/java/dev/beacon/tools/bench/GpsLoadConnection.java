package dev.beacon.tools.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a {@link GpsLoad}: keeps up to {@code window} fixes in flight and matches each
 * reply to the oldest unanswered fix (the gateway answers in order), whose send time gives the ack
 * latency.
 *
 * <p>Connection {@code index} of {@code connections} sends fix numbers {@code index, index +
 * connections, ...} so the connections together cover {@code 0..totalFixes-1} exactly once. When
 * paced, fix {@code k} is due at {@code start + k * interval}; a fix sent late still has its
 * latency measured from when it was due, so a stalled gateway shows in the percentiles instead of
 * silently lowering the send rate.
 *
 * <p>Runs on a single event loop: every method but {@link #finishedAtNanos()} is called on it.
 */
final class GpsLoadConnection {

  private final Vertx vertx;
  private final int index;
  private final int connections;
  private final long quota;
  private final long intervalNanos;
  private final FixLineSource lines;
  private final LoadStats stats;
  private final long[] sendTimes;
  private final StringBuilder line = new StringBuilder(64);
  private final Promise<Void> finished = Promise.promise();
  private WebSocket socket;
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
    this.index = index;
    this.connections = config.connections();
    this.quota =
        config.totalFixes() / connections + (index < config.totalFixes() % connections ? 1 : 0);
    this.intervalNanos =
        config.paced() ? Math.max(1, connections * 1_000_000_000L / config.rate()) : 0;
    this.lines = lines;
    this.stats = stats;
    this.sendTimes = new long[config.window()];
  }

  /**
   * Connects and starts sending; the returned future completes when the connection is done, never
   * fails.
   */
  Future<Void> open(WebSocketClient client, WebSocketConnectOptions options) {
    if (quota == 0) {
      finish();
      return finished.future();
    }
    client
        .connect(options)
        .onComplete(
            connected -> {
              if (connected.failed()) {
                stats.connectFailed();
                finish();
              } else {
                onConnected(connected.result());
              }
            });
    return finished.future();
  }

  /** Stops sending and closes the socket; fixes still in flight stay unanswered. */
  void stop() {
    finish();
  }

  long finishedAtNanos() {
    return finishedAtNanos;
  }

  private void onConnected(WebSocket connected) {
    socket = connected;
    if (stopped) {
      socket.close();
      return;
    }
    socket.handler(this::onReply);
    socket.closeHandler(closed -> onClosedByPeer());
    // a failing socket is closed by Vert.x, and the close handler counts it
    socket.exceptionHandler(failure -> {});
    // the schedule starts once connected, so connection set-up is not counted as latency; the
    // offset
    // spreads the connections' first sends over one interval instead of sending them in a burst
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
    line.setLength(0);
    lines.appendLine(line, index + sentCount * connections);
    sendTimes[(oldest + inFlight) % sendTimes.length] = dueNanos;
    inFlight++;
    sentCount++;
    stats.fixSent();
    socket.writeTextMessage(line.toString());
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

  private void onReply(Buffer reply) {
    if (inFlight == 0) {
      stats.recordError(LoadStats.UNEXPECTED_REPLY);
      return;
    }
    long sentAt = sendTimes[oldest];
    oldest = (oldest + 1) % sendTimes.length;
    inFlight--;
    replyCount++;
    stats.recordReply(reply, System.nanoTime() - sentAt);
    if (replyCount == quota) {
      finish();
    } else {
      pump();
    }
  }

  private void onClosedByPeer() {
    if (!stopped) {
      stats.connectionDropped(socket.closeStatusCode());
      finish();
    }
  }

  private void finish() {
    if (stopped) {
      return;
    }
    stopped = true;
    finishedAtNanos = System.nanoTime();
    if (socket != null) {
      socket.close();
    }
    finished.tryComplete();
  }
}

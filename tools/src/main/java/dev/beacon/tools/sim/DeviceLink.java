package dev.beacon.tools.sim;

import dev.beacon.client.BeaconSocket;
import dev.beacon.client.ClosedEvent;
import dev.beacon.client.ConnectionState;
import dev.beacon.tools.bench.LoadStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * A device's open connection, with at most one fix awaiting its reply, as the original simulator
 * did. Counts what happens on it in the shared {@link LoadStats}. Used from the connection's event
 * loop only.
 */
final class DeviceLink {

  static final String REPLY_TIMEOUT = "reply_timeout";

  private final Vertx vertx;
  private final BeaconSocket socket;
  private final LoadStats stats;
  private final long replyTimeoutMillis;
  private Promise<Boolean> pending;
  private long pendingSinceNanos;
  private long timeoutTimer;
  private boolean closedByUs;

  /**
   * Takes over an open socket that does not reconnect: a dropped device connection ends the
   * device's run.
   */
  DeviceLink(Vertx vertx, BeaconSocket socket, LoadStats stats, Duration replyTimeout) {
    this.vertx = vertx;
    this.socket = socket;
    this.stats = stats;
    this.replyTimeoutMillis = replyTimeout.toMillis();
    socket.textHandler(this::onReply);
    socket.closedHandler(this::onClosed);
  }

  /**
   * Sends one fix; completes with true on {@code OK}, false on {@code ERR}, and fails when no reply
   * came (timeout, connection closed), after which the link is closed.
   */
  Future<Boolean> send(String line) {
    if (pending != null || socket.state() != ConnectionState.OPEN) {
      return Future.failedFuture(new IllegalStateException("link busy or closed"));
    }
    pending = Promise.promise();
    pendingSinceNanos = System.nanoTime();
    timeoutTimer = vertx.setTimer(replyTimeoutMillis, id -> onTimeout());
    stats.fixSent();
    socket.send(line);
    return pending.future();
  }

  void close() {
    closedByUs = true;
    failPending("closed");
    socket.close();
  }

  private void onReply(String reply) {
    if (pending == null) {
      stats.recordError(LoadStats.UNEXPECTED_REPLY);
      return;
    }
    vertx.cancelTimer(timeoutTimer);
    boolean ok = stats.recordReply(reply, System.nanoTime() - pendingSinceNanos);
    Promise<Boolean> answered = pending;
    pending = null;
    answered.complete(ok);
  }

  private void onTimeout() {
    stats.recordError(REPLY_TIMEOUT);
    close();
  }

  private void onClosed(ClosedEvent event) {
    if (!closedByUs) {
      stats.connectionDropped(event.code() == ClosedEvent.ABNORMAL ? null : (short) event.code());
      failPending("closed by the gateway");
    }
  }

  private void failPending(String why) {
    if (pending != null) {
      vertx.cancelTimer(timeoutTimer);
      Promise<Boolean> unanswered = pending;
      pending = null;
      unanswered.fail(why);
    }
  }
}

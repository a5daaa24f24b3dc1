package dev.beacon.gateway.operations;

import dev.beacon.gateway.session.ConnectionHub;
import dev.beacon.gateway.session.LiveConnection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first half of a graceful stop, as named steps: fail readiness and refuse upgrades, wait the
 * readiness delay (load balancers notice), then close the connections with 1001 spread evenly over
 * the drain window, so their clients do not all reconnect in the same instant. Each connection gets
 * the replies it is owed for the frames it sent before the drain first ({@link
 * LiveConnection#drainThenClose()}).
 *
 * <p>One timer ticks every {@value #TICK_MILLIS} ms and asks the connections due by then to close,
 * each on its own event loop; the share due grows linearly from 0 at the start of the window to all
 * at its end.
 */
public final class GracefulDrain {

  static final long TICK_MILLIS = 20;

  private static final Logger log = LoggerFactory.getLogger(GracefulDrain.class);

  private final Vertx vertx;
  private final ConnectionHub hub;
  private final String gatewayId;
  private final Duration readinessDelay;
  private final Duration window;
  private int loggedQuarter = -1;

  /**
   * @param server its drain settings: readiness delay and window
   */
  public GracefulDrain(Vertx vertx, ConnectionHub hub, String gatewayId, ServerApiConfig server) {
    this.vertx = vertx;
    this.hub = hub;
    this.gatewayId = gatewayId;
    this.readinessDelay = server.drainReadinessDelay();
    this.window = server.drainWindow();
  }

  /** Completes once every connection open at the end of the readiness delay was asked to close. */
  public Future<Void> run() {
    hub.startDraining();
    log.info(
        "gateway {} draining: /ready answers 503 and upgrades are refused; closing {} connections over {} ms"
            + " after {} ms",
        gatewayId,
        hub.connections(),
        window.toMillis(),
        readinessDelay.toMillis());
    Promise<Void> done = Promise.promise();
    afterDelay(readinessDelay, () -> spread(hub.sessions(), done));
    return done.future();
  }

  private void spread(List<LiveConnection> sessions, Promise<Void> done) {
    Spread spread = new Spread(sessions, System.nanoTime());
    if (spread.tick()) {
      done.complete();
      return;
    }
    vertx.setPeriodic(
        TICK_MILLIS,
        timer -> {
          if (spread.tick()) {
            vertx.cancelTimer(timer);
            done.complete();
          }
        });
  }

  /** Which sessions were asked to close so far; ticks run on one timer, one at a time. */
  private final class Spread {
    private final List<LiveConnection> sessions;
    private final long startNanos;
    private int asked;

    Spread(List<LiveConnection> sessions, long startNanos) {
      this.sessions = sessions;
      this.startNanos = startNanos;
    }

    /**
     * Asks the sessions due by now to close, each on its own event loop; true once all were asked.
     */
    boolean tick() {
      int total = sessions.size();
      double share =
          window.isZero() ? 1 : (System.nanoTime() - startNanos) / (double) window.toNanos();
      int due = (int) Math.min(total, Math.ceil(total * share));
      for (; asked < due; asked++) {
        LiveConnection session = sessions.get(asked);
        session.context().runOnContext(v -> session.drainThenClose());
      }
      logProgress(asked, total);
      return asked >= total;
    }
  }

  /**
   * Logs each quarter of the connections asked to close, so an operator can follow a long drain.
   */
  private void logProgress(int asked, int total) {
    int quarter = total == 0 ? 4 : asked * 4 / total;
    if (quarter <= loggedQuarter) {
      return;
    }
    loggedQuarter = quarter;
    if (asked == total) {
      log.info("gateway {} drain: all {} connections asked to close with 1001", gatewayId, total);
    } else {
      log.info("gateway {} drain: {} of {} connections asked to close", gatewayId, asked, total);
    }
  }

  private void afterDelay(Duration delay, Runnable action) {
    if (delay.isZero()) {
      action.run();
    } else {
      vertx.setTimer(delay.toMillis(), id -> action.run());
    }
  }
}

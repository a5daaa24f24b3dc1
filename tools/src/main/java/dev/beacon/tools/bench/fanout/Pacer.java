package dev.beacon.tools.bench.fanout;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Open-loop pacing of one sending connection: send {@code k} is due at {@code first + k *
 * interval}. A send that goes late keeps its due time and counts its lag, so a stalled sender or
 * server shows in the results instead of lowering the rate.
 *
 * <p>Touched on its connection's event loop only.
 */
final class Pacer {

  private final Vertx vertx;
  private final FanoutStats stats;
  private final long interval;
  private long nextDue;

  Pacer(Vertx vertx, FanoutStats stats, long intervalNanos) {
    this.vertx = vertx;
    this.stats = stats;
    this.interval = intervalNanos;
  }

  void start(long firstDue) {
    nextDue = firstDue;
  }

  /**
   * Whether the next send is due at {@code now}: if so its lag is counted; if not, {@code retry}
   * runs when it is.
   */
  boolean due(long now, Runnable retry) {
    if (nextDue > now) {
      vertx.timer(nextDue - now, TimeUnit.NANOSECONDS).onComplete(t -> retry.run());
      return false;
    }
    stats.sendLag(now - nextDue);
    return true;
  }

  /** When the next send is due. */
  long nextDue() {
    return nextDue;
  }

  /** The next send is due one interval later. */
  void advance() {
    nextDue += interval;
  }
}

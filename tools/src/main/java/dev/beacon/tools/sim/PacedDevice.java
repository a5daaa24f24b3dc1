package dev.beacon.tools.sim;

import dev.beacon.tools.bench.LoadStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * A device of rate mode: keeps its connection open and sends a fix every {@code interval}, each
 * only after the previous one's reply. The schedule is fixed in advance (open loop); when a slow
 * reply makes the device miss slots, they are counted and skipped rather than queued, so the device
 * never has more than one fix outstanding and never bursts to catch up.
 */
final class PacedDevice implements SimulatedDevice {

  private final Vertx vertx;
  private final GatewayConnector connector;
  private final DeviceTrack track;
  private final LoadStats stats;
  private final long intervalNanos;
  private final long phaseNanos;
  private final long endNanos;
  private final Promise<Void> done = Promise.promise();
  private DeviceLink link;
  private long nextDueNanos;

  /**
   * @param phaseNanos offset of this device's first fix within the first interval, so devices do
   *     not send in lockstep
   * @param endNanos {@link System#nanoTime()} after which no fix is sent
   */
  PacedDevice(
      Vertx vertx,
      GatewayConnector connector,
      DeviceTrack track,
      long intervalNanos,
      long phaseNanos,
      long endNanos) {
    this.vertx = vertx;
    this.connector = connector;
    this.track = track;
    this.stats = connector.stats();
    this.intervalNanos = intervalNanos;
    this.phaseNanos = phaseNanos;
    this.endNanos = endNanos;
  }

  @Override
  public Future<Void> run() {
    connector
        .connect()
        .onComplete(
            connected -> {
              link = connected.result();
              if (connected.failed() || done.future().isComplete()) {
                stop();
                return;
              }
              nextDueNanos = System.nanoTime() + phaseNanos;
              waitForNextSlot();
            });
    return done.future();
  }

  @Override
  public void stop() {
    if (link != null) {
      link.close();
    }
    done.tryComplete();
  }

  private void waitForNextSlot() {
    long now = System.nanoTime();
    if (done.future().isComplete() || nextDueNanos >= endNanos || now >= endNanos) {
      stop();
    } else if (nextDueNanos > now) {
      vertx.timer(nextDueNanos - now, TimeUnit.NANOSECONDS).onComplete(fired -> sendDueFix());
    } else {
      sendDueFix();
    }
  }

  private void sendDueFix() {
    if (done.future().isComplete()) {
      return;
    }
    skipMissedSlots(System.nanoTime());
    nextDueNanos += intervalNanos;
    link.send(track.nextLine(System.currentTimeMillis()))
        .onComplete(
            replied -> {
              if (replied.succeeded()) {
                waitForNextSlot();
              } else {
                stop();
              }
            });
  }

  private void skipMissedSlots(long now) {
    long missed = (now - nextDueNanos) / intervalNanos;
    if (missed > 0) {
      stats.slotsMissed(missed);
      nextDueNanos += missed * intervalNanos;
    }
  }
}

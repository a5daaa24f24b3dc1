package dev.beacon.gateway.messaging;

import dev.beacon.runtime.metrics.BeaconMetrics;
import io.micrometer.core.instrument.Gauge;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The history readers one gateway process runs at once for {@code subscribe} with {@code since}:
 * each is a Kafka consumer and a worker thread for as long as its replay lasts. Beyond {@code max}
 * a replay waits its turn, first come first served: when a gateway dies, every client it held
 * reconnects to the others and recovers at once, and each must get what it missed. What waits is a
 * small task per replay, bounded by the connections times {@code
 * BEACON_MAX_RECOVERIES_PER_CONNECTION} (beyond which a subscribe gets {@code recovery_busy}).
 * Thread-safe, shared by the gateway's event loops; its gauge is {@code
 * beacon_gateway_recovery_readers}.
 */
public final class RecoveryReaders {

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

  public RecoveryReaders(int max, String gatewayId) {
    this.max = max;
    Gauge.builder("beacon_gateway_recovery_readers", open, AtomicInteger::get)
        .tag("gateway", gatewayId)
        .description(
            "History readers (Kafka consumers) replaying for subscribe with since, at most "
                + "BEACON_MAX_RECOVERY_READERS")
        .register(BeaconMetrics.registry());
  }

  /** Takes a reader; false when {@code max} are already reading. */
  boolean tryAcquire() {
    int now;
    do {
      now = open.get();
      if (now >= max) {
        return false;
      }
    } while (!open.compareAndSet(now, now + 1));
    return true;
  }

  /** Runs {@code replay} once a reader is taken for it: now, or when an earlier one is released. */
  void whenFree(Runnable replay) {
    waiting.add(replay);
    startWaiting();
  }

  void release() {
    open.decrementAndGet();
    startWaiting();
  }

  private void startWaiting() {
    while (!waiting.isEmpty() && tryAcquire()) {
      Runnable next = waiting.poll();
      if (next == null) {
        open.decrementAndGet();
      } else {
        next.run();
      }
    }
  }

  /** Readers reading now. */
  int open() {
    return open.get();
  }
}

package dev.beacon.gateway.messaging;

import dev.beacon.runtime.metrics.BeaconMetrics;
import io.micrometer.core.instrument.Gauge;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The history readers one gateway process runs at once for {@code subscribe} with {@code since}:
 * each is a Kafka consumer and a worker thread for as long as its replay lasts. Beyond {@code max}
 * a subscribe is answered with error {@code recovery_busy} (retryable) rather than queued, so a
 * flood of them holds nothing. Thread-safe, shared by the gateway's event loops; its gauge is
 * {@code beacon_gateway_recovery_readers}.
 */
public final class RecoveryReaders {

  private final int max;
  private final AtomicInteger open = new AtomicInteger();

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

  void release() {
    open.decrementAndGet();
  }

  int max() {
    return max;
  }

  /** Readers reading now. */
  int open() {
    return open.get();
  }
}

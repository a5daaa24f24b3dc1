package dev.beacon.gateway.gps;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide bound on fixes awaiting Kafka ({@code maxInFlightTotal}), shared by every
 * verticle instance so a stalled broker costs bounded memory instead of an ever-growing producer
 * buffer.
 */
public final class InFlightBudget {

  private final int limit;
  private final AtomicInteger inFlight = new AtomicInteger();

  public InFlightBudget(int limit) {
    this.limit = limit;
  }

  boolean tryAcquire() {
    if (inFlight.incrementAndGet() > limit) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  void release() {
    inFlight.decrementAndGet();
  }

  int inFlight() {
    return inFlight.get();
  }

  int limit() {
    return limit;
  }
}

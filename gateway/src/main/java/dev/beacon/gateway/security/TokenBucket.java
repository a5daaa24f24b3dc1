package dev.beacon.gateway.security;

/**
 * A token bucket: {@code burst} messages at once, refilled at {@code perSecond}. Confined to one
 * connection's event loop, so not thread-safe; time comes from the caller for testability.
 */
public final class TokenBucket {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double perNano;
  private final double capacity;
  private double tokens;
  private long refilledAt;

  /**
   * @param perSecond sustained rate; 0 makes a bucket that never runs dry
   */
  public TokenBucket(int perSecond, int burst, long nowNanos) {
    this.perNano = (double) perSecond / NANOS_PER_SECOND;
    this.capacity = perSecond == 0 ? Double.POSITIVE_INFINITY : burst;
    this.tokens = capacity;
    this.refilledAt = nowNanos;
  }

  /** Takes one token; false when the bucket is empty. */
  public boolean tryTake(long nowNanos) {
    if (capacity == Double.POSITIVE_INFINITY) {
      return true;
    }
    tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * perNano);
    refilledAt = nowNanos;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}

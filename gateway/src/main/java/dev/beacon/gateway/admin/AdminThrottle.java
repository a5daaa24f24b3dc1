package dev.beacon.gateway.admin;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Wrong admin tokens per client address: after {@code maxFailures} within {@code window} from one
 * address, its admin requests get 429 until the window that began with its first failure has
 * passed, even with the right token, so the answer never tells a guesser whether a guess was right.
 * Successful requests are not counted.
 *
 * <p>At most {@value #MAX_ADDRESSES} addresses are remembered; beyond, expired ones are dropped
 * first, and failures from yet more addresses share one window: a guesser spread over more
 * addresses than that throttles new addresses together rather than growing the map. Thread-safe,
 * shared by a gateway's event loops.
 */
public final class AdminThrottle {

  static final int MAX_ADDRESSES = 10_000;

  /** Where failures go once {@value #MAX_ADDRESSES} addresses are remembered. */
  static final String OVERFLOW = "*";

  private final int maxFailures;
  private final long windowNanos;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Window> failures = new ConcurrentHashMap<>();

  public AdminThrottle(int maxFailures, Duration window) {
    this(maxFailures, window, System::nanoTime);
  }

  AdminThrottle(int maxFailures, Duration window, LongSupplier clock) {
    this.maxFailures = maxFailures;
    this.windowNanos = window.toNanos();
    this.clock = clock;
  }

  /**
   * Seconds until {@code address} may try again (for {@code Retry-After}), or 0 when it may now.
   */
  long retryAfterSeconds(String address) {
    long now = clock.getAsLong();
    Window window =
        failures.get(
            failures.containsKey(address) || failures.size() < MAX_ADDRESSES ? address : OVERFLOW);
    if (window == null || window.expired(now, windowNanos) || window.count < maxFailures) {
      return 0;
    }
    return Math.max(1, (window.start + windowNanos - now + 999_999_999L) / 1_000_000_000L);
  }

  /** Counts a wrong or missing token from {@code address}. */
  void failed(String address) {
    long now = clock.getAsLong();
    if (!failures.containsKey(address) && failures.size() >= MAX_ADDRESSES) {
      failures.values().removeIf(w -> w.expired(now, windowNanos));
    }
    String key =
        failures.containsKey(address) || failures.size() < MAX_ADDRESSES ? address : OVERFLOW;
    failures.compute(
        key,
        (k, w) ->
            w == null || w.expired(now, windowNanos)
                ? new Window(now, 1)
                : new Window(w.start, w.count + 1));
  }

  /** Addresses remembered: at most {@value #MAX_ADDRESSES} plus the shared one. */
  int size() {
    return failures.size();
  }

  private record Window(long start, int count) {
    boolean expired(long now, long windowNanos) {
      return now - start >= windowNanos;
    }
  }
}

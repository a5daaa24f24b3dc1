package dev.beacon.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When a {@link BeaconSocket} reconnects: exponential backoff with full jitter, capped, for a
 * bounded or unbounded number of attempts, and only after a close code that means "transient".
 *
 * <p>The delay before attempt {@code n} (1-based) is a uniform random value in {@code [0,
 * min(maxDelay, initialDelay * 2^(n-1))]} (AWS's "full jitter"), so a fleet of clients dropped by
 * the same gateway does not come back in one wave.
 *
 * @param enabled whether to reconnect at all
 * @param initialDelay the cap of the first delay; positive
 * @param maxDelay the cap of every delay; at least {@code initialDelay}
 * @param maxAttempts attempts in a row before giving up; {@code 0} means never give up
 */
public record ReconnectPolicy(
    boolean enabled, Duration initialDelay, Duration maxDelay, int maxAttempts) {

  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(250);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(10);

  /** Unlimited attempts. */
  public static final int DEFAULT_MAX_ATTEMPTS = 0;

  public ReconnectPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException(
          "reconnect initial delay must be positive, got "
              + initialDelay
              + "; set BEACON_CLIENT_RECONNECT_INITIAL_DELAY to e.g. 250ms");
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "reconnect max delay "
              + maxDelay
              + " is below the initial delay "
              + initialDelay
              + "; raise BEACON_CLIENT_RECONNECT_MAX_DELAY");
    }
    if (maxAttempts < 0) {
      throw new IllegalArgumentException(
          "reconnect max attempts must be 0 (unlimited) or more, got "
              + maxAttempts
              + "; fix BEACON_CLIENT_RECONNECT_MAX_ATTEMPTS");
    }
  }

  /** Reconnect forever, 250 ms then doubling up to 10 s, with full jitter. */
  public static ReconnectPolicy defaults() {
    return new ReconnectPolicy(
        true, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_ATTEMPTS);
  }

  /** Never reconnect: a dropped connection ends in {@link ConnectionState#CLOSED}. */
  public static ReconnectPolicy never() {
    return new ReconnectPolicy(
        false, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * Whether attempt {@code attempt} (1-based, counted since the last successful open) may be made.
   */
  public boolean allowsAttempt(int attempt) {
    return enabled && (maxAttempts == 0 || attempt <= maxAttempts);
  }

  /** The delay before attempt {@code attempt} (1-based); {@code random} yields values in [0, 1). */
  public Duration delayBefore(int attempt, DoubleSupplier random) {
    long capMillis = ceilingMillis(attempt);
    return Duration.ofMillis((long) Math.floor(random.getAsDouble() * (capMillis + 1)));
  }

  /**
   * The upper bound of the delay before attempt {@code attempt}: {@code min(maxDelay, initial *
   * 2^(attempt-1))}.
   */
  public long ceilingMillis(int attempt) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    long grown = initialDelay.toMillis() << doublings;
    return Math.min(maxDelay.toMillis(), grown < 0 ? Long.MAX_VALUE : grown);
  }

  /**
   * Whether a connection closed by the server with {@code code} should be retried. Transient: 1001
   * (going away), 1005/1006 (no status, dropped), 1011-1014 (server error, restart, try again
   * later, bad gateway) and Beacon's 4000-4499. Terminal: 1000 (normal),
   * 1002/1003/1007/1008/1009/1010 (the client sent something wrong), 3000-3999 and Beacon's
   * 4500-4999.
   */
  public static boolean isTransient(int code) {
    return switch (code) {
      case 1001, 1005, 1006, 1011, 1012, 1013, 1014 -> true;
      default -> code >= 4000 && code <= 4499;
    };
  }

  /**
   * Whether a refused upgrade with this HTTP status should be retried: 429 (too many connections),
   * 502, 503 (gateway full or draining) and 504 are; 401, 403, 404, 431 and the rest need the
   * caller to change something.
   */
  public static boolean isTransientHttpStatus(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }
}

package dev.beacon.broadcaster;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The wait between retries of a Kafka loop after a failed batch: 100 ms, doubling up to 5 s, back to 100 ms
 * after a success. A stop request cuts the wait short. Used by one loop thread; {@link #stop()} from any.
 */
final class RetryBackoff {

  static final Duration FIRST = Duration.ofMillis(100);
  static final Duration MAX = Duration.ofSeconds(5);

  private final CountDownLatch stopping = new CountDownLatch(1);
  private Duration next = FIRST;

  /** How long the next {@link #pause()} waits. */
  long nextMillis() {
    return next.toMillis();
  }

  void succeeded() {
    next = FIRST;
  }

  /** Waits the current backoff (or until stopped) and doubles it; false when interrupted. */
  boolean pause() {
    try {
      stopping.await(next.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      Duration doubled = next.multipliedBy(2);
      next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
    }
  }

  void stop() {
    stopping.countDown();
  }
}

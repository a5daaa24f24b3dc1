package dev.beacon.runtime.kafka;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The wait between retries after a failure: {@code first}, doubling up to {@code max}, back to
 * {@code first} after a success. {@link #stop()} cuts the current wait short and every later one.
 * Used by one thread; {@link #stop()} from any. The consume loops use 100 ms to 5 s; the ingestor's
 * store retries their own bounds.
 */
public final class RetryBackoff {

  public static final Duration FIRST = Duration.ofMillis(100);
  public static final Duration MAX = Duration.ofSeconds(5);

  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Duration first;
  private final Duration max;
  private Duration next;

  /** 100 ms, doubling up to 5 s. */
  public RetryBackoff() {
    this(FIRST, MAX);
  }

  public RetryBackoff(Duration first, Duration max) {
    this.first = first;
    this.max = max;
    this.next = first;
  }

  /** How long the next {@link #pause()} waits. */
  public long nextMillis() {
    return next.toMillis();
  }

  /** A success: the next failure waits the first back-off again. */
  public void succeeded() {
    next = first;
  }

  /**
   * Waits the current back-off and doubles it for next time.
   *
   * @return true when the wait ran out; false when stopped (now or before) or interrupted, so there
   *     is no retry
   */
  public boolean pause() {
    try {
      return !stopping.await(next.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      Duration doubled = next.multipliedBy(2);
      next = doubled.compareTo(max) > 0 ? max : doubled;
    }
  }

  /** Ends the current wait and makes every later one return at once. */
  public void stop() {
    stopping.countDown();
  }
}

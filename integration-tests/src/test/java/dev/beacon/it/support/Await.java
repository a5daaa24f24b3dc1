package dev.beacon.it.support;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls with a deadline instead of sleeping for a guessed time. */
public final class Await {

  private Await() {}

  public static void until(String what, Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "timed out after " + deadline.toSeconds() + " s waiting for " + what);
      }
      pause();
    }
  }

  /**
   * Polls {@code value} until it equals {@code expected}; the failure names the last value seen.
   */
  public static <T> void equal(String what, Duration deadline, T expected, Supplier<T> value) {
    long end = System.nanoTime() + deadline.toNanos();
    T last = value.get();
    while (!expected.equals(last)) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            what
                + ": expected "
                + expected
                + " within "
                + deadline.toSeconds()
                + " s, last saw "
                + last);
      }
      pause();
      last = value.get();
    }
  }

  public static <T> T future(Future<T> future, Duration deadline, String what) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(what + " failed: " + e, e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}

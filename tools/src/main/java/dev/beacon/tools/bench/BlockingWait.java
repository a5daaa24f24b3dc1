package dev.beacon.tools.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a plain thread (a CLI's main thread) on a load run's future, with a deadline. */
public final class BlockingWait {

  private BlockingWait() {}

  /**
   * The future's result, or an {@link IllegalStateException} naming {@code what} on failure or
   * timeout.
   */
  public static <T> T result(Future<T> future, Duration timeout, String what) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException(
          "cannot block an event loop waiting for " + what + "; use the Future API");
    }
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          what + " did not finish within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  /** Sleeps {@code nanos} (none when not positive); an interrupt ends the run. */
  public static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Closes a Vertx this code created, waiting a little so that its threads are gone when a CLI
   * returns.
   */
  public static void close(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // nothing left to do: the run is over and its result already taken
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.beacon.server;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a Vert.x future from a plain thread (a CLI's main thread, a shutdown hook), with a
 * deadline.
 */
public final class Blocking {

  private static final Logger log = LoggerFactory.getLogger(Blocking.class);
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private Blocking() {}

  /** The future's result; its failure, or a timeout, as an exception that names {@code what}. */
  public static <T> T await(Future<T> future, String what) {
    return await(future, what, DEADLINE);
  }

  /**
   * As {@link #await(Future, String)} with a deadline of its own, for steps that may take longer (a
   * drain).
   */
  public static <T> T await(Future<T> future, String what, Duration deadline) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException("could not " + what + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "could not " + what + " within " + deadline.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to " + what, e);
    }
  }

  /** Like {@link #await} but only logs a failure: for shutdown paths that must carry on. */
  public static void awaitQuietly(Future<?> future, String what) {
    awaitQuietly(future, what, DEADLINE);
  }

  /** As {@link #awaitQuietly(Future, String)} with a deadline of its own. */
  public static void awaitQuietly(Future<?> future, String what, Duration deadline) {
    try {
      await(future, what, deadline);
    } catch (RuntimeException e) {
      log.warn("{}", e.getMessage());
    }
  }
}

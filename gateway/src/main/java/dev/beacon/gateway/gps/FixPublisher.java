package dev.beacon.gateway.gps;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.gateway.backend.FixSink;
import dev.beacon.gateway.dispatch.GatewayError;
import dev.beacon.gateway.metrics.GatewayMetrics;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Publishes fixes for the sessions of one verticle instance and guarantees each caller an answer:
 * success once the sink has the fix, {@code overloaded} at once when the process-wide budget is
 * spent, {@code kafka_unavailable} when the sink fails or stays silent past the reply timeout.
 * Never a success that the sink did not report.
 *
 * <p>Confined to its verticle's event loop. Deadlines are checked by one periodic sweep instead of
 * a timer per fix: every fix gets the same timeout, so pending fixes are already in deadline order
 * and the sweep only looks at the head of a queue, where a timer per fix would cost a scheduler
 * insert and cancel at every ack.
 */
public final class FixPublisher {

  private final Vertx vertx;
  private final FixSink sink;
  private final InFlightBudget budget;
  private final GatewayMetrics metrics;
  private final long timeoutNanos;
  private final ArrayDeque<Pending> byDeadline = new ArrayDeque<>();
  private long sweepTimer = -1;

  public FixPublisher(
      Vertx vertx,
      FixSink sink,
      InFlightBudget budget,
      Duration replyTimeout,
      GatewayMetrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.sink = sink;
    this.budget = budget;
    this.timeoutNanos = replyTimeout.toNanos();
  }

  /** Starts the deadline sweep; call on the verticle's context. */
  public void start() {
    long period = Math.max(10, Math.min(200, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 10));
    sweepTimer = vertx.setPeriodic(period, id -> expireOverdue());
  }

  public void stop() {
    vertx.cancelTimer(sweepTimer);
  }

  /** Success once the sink has {@code fix}; a {@code GatewayError} otherwise (see the class). */
  public Future<Void> publish(GpsFix fix) {
    if (!budget.tryAcquire()) {
      return Future.failedFuture(GatewayError.overloaded(budget.limit()));
    }
    Context context = vertx.getOrCreateContext();
    Pending pending = new Pending(System.nanoTime() + timeoutNanos, Promise.promise());
    byDeadline.addLast(pending);
    sendToSink(fix).onComplete(result -> onContext(context, () -> settle(pending, result)));
    return pending.promise.future();
  }

  private Future<Void> sendToSink(GpsFix fix) {
    try {
      return sink.publish(fix);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void settle(Pending pending, AsyncResult<Void> result) {
    boolean first =
        result.succeeded()
            ? pending.promise.tryComplete()
            : pending.promise.tryFail(unavailable(result.cause()));
    if (first) {
      budget.release();
      count(pending, result);
    }
  }

  private void count(Pending pending, AsyncResult<Void> result) {
    if (result.succeeded()) {
      metrics.acknowledged(System.nanoTime() - (pending.deadline - timeoutNanos));
    } else {
      metrics.produceFailed();
    }
  }

  private void expireOverdue() {
    long now = System.nanoTime();
    while (!byDeadline.isEmpty()) {
      Pending head = byDeadline.peekFirst();
      if (!head.promise.future().isComplete() && head.deadline - now > 0) {
        return;
      }
      byDeadline.pollFirst();
      if (head.promise.tryFail(
          GatewayError.kafkaUnavailable(
              "no acknowledgement from Kafka within "
                  + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                  + " ms"))) {
        budget.release();
        metrics.produceFailed();
      }
    }
  }

  private static GatewayError unavailable(Throwable cause) {
    if (cause instanceof GatewayError error) {
      return error;
    }
    return GatewayError.kafkaUnavailable(
        "Kafka did not acknowledge the fix (" + cause.getClass().getSimpleName() + ")");
  }

  /**
   * The sink promises completion on our context; hopping when it did not keeps the session
   * single-threaded.
   */
  private static void onContext(Context context, Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private record Pending(long deadline, Promise<Void> promise) {}
}

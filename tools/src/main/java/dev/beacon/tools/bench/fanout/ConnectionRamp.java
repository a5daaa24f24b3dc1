package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.BlockingWait;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Opens connections with at most {@code maxInFlight} handshakes (and subscribes) under way at once.
 * Ten thousand connects at once overflow the gateway's accept queue and the handshakes time out; a
 * ramp opens them about as fast as the server accepts them. Safe from any thread; each open runs on
 * its connection's context.
 */
final class ConnectionRamp {

  /**
   * Handshakes under way at once: well below the usual accept backlog (Linux somaxconn: 4096, older
   * 128-1024).
   */
  static final int DEFAULT_IN_FLIGHT = 100;

  private record Task(Context context, Supplier<Future<Void>> open, Promise<Void> done) {}

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration DEADLINE_PER_CONNECTION = Duration.ofMillis(10);

  private final int maxInFlight;
  private final Queue<Task> pending = new ConcurrentLinkedQueue<>();
  private final List<Future<Void>> added = new CopyOnWriteArrayList<>();

  ConnectionRamp(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  /**
   * Queues an open; the future completes as the open's does. Call {@link #start()} once all are
   * queued.
   */
  Future<Void> add(Context context, Supplier<Future<Void>> open) {
    Promise<Void> done = Promise.promise();
    pending.add(new Task(context, open, done));
    added.add(done.future());
    return done.future();
  }

  /**
   * Starts the ramp and waits, on a plain thread, until every queued open succeeded; returns the
   * seconds it took. A failure or the {@link #deadline} ends the wait with an IllegalStateException
   * naming {@code what}.
   */
  double openAll(String what) {
    start();
    long begin = System.nanoTime();
    BlockingWait.result(Future.all(added), deadline(added.size()), what);
    return (System.nanoTime() - begin) / 1e9;
  }

  /** How long connecting (and subscribing) {@code connections} may take before the run gives up. */
  static Duration deadline(int connections) {
    return DEADLINE.plus(DEADLINE_PER_CONNECTION.multipliedBy(connections));
  }

  void start() {
    for (int i = 0; i < maxInFlight; i++) {
      next();
    }
  }

  private void next() {
    Task task = pending.poll();
    if (task == null) {
      return;
    }
    task.context()
        .runOnContext(
            v -> {
              Future<Void> opened;
              try {
                opened = task.open().get();
              } catch (RuntimeException e) {
                opened = Future.failedFuture(e);
              }
              opened.onComplete(
                  r -> {
                    task.done().handle(r);
                    next();
                  });
            });
  }
}

package dev.beacon.gateway.backend;

import io.vertx.core.Context;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands work from a foreign thread (the Kafka producer's I/O thread) to Vert.x contexts in batches. The
 * producer completes a whole broker response's worth of records at once; instead of one
 * {@code runOnContext} task and event-loop wake-up per record, each context gets one task that drains
 * everything queued for it so far.
 */
public final class ContextHandoff {

  private final Map<Context, Lane> lanes = new ConcurrentHashMap<>();

  /** Runs {@code action} on {@code context}, after the actions handed to it before. Callable from any thread. */
  public void submit(Context context, Runnable action) {
    lanes.computeIfAbsent(context, Lane::new).submit(action);
  }

  private static final class Lane {
    private final Context context;
    private final Queue<Runnable> actions = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Lane(Context context) {
      this.context = context;
    }

    void submit(Runnable action) {
      actions.add(action);
      if (scheduled.compareAndSet(false, true)) {
        context.runOnContext(v -> drain());
      }
    }

    private void drain() {
      // Cleared before draining, so an action queued during the drain schedules a new one rather than being lost.
      scheduled.set(false);
      for (Runnable action = actions.poll(); action != null; action = actions.poll()) {
        action.run();
      }
    }
  }
}

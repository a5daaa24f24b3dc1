package dev.beacon.gateway.backend;

import io.vertx.core.Context;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands work from a thread of the backend to Vert.x contexts in batches, in order per context: the
 * Kafka producer's I/O thread completing a broker response's worth of acks at once ({@code
 * KafkaFixSink}, {@code AckedProducer}), and the deliveries consumer handing a poll's records to
 * every event loop ({@code DeliveryFanOut}). Instead of one {@code runOnContext} task and
 * event-loop wake-up per item, each context gets one task that drains everything queued for it so
 * far.
 */
public final class ContextHandoff {

  private final Map<Context, ContextQueue> queues = new ConcurrentHashMap<>();

  /**
   * Runs {@code action} on {@code context}, after the actions handed to it before. Callable from
   * any thread.
   */
  public void submit(Context context, Runnable action) {
    queues.computeIfAbsent(context, ContextQueue::new).submit(action);
  }

  /** What is queued for one context, and whether a drain task is scheduled there. */
  private static final class ContextQueue {
    private final Context context;
    private final Queue<Runnable> actions = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    ContextQueue(Context context) {
      this.context = context;
    }

    void submit(Runnable action) {
      actions.add(action);
      if (scheduled.compareAndSet(false, true)) {
        context.runOnContext(v -> drain());
      }
    }

    private void drain() {
      // Cleared before draining, so an action queued during the drain schedules a new one rather
      // than being lost.
      scheduled.set(false);
      for (Runnable action = actions.poll(); action != null; action = actions.poll()) {
        action.run();
      }
    }
  }
}

package dev.beacon.gateway.messaging;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.ContextHandoff;
import dev.beacon.gateway.backend.DeliveryHandler;
import dev.beacon.gateway.backend.DeliveryTiming;
import io.vertx.core.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands each delivery of the process's one deliveries consumer to every verticle's {@link
 * LocalDirectory}, on that verticle's event loop, in the order received (through one {@link
 * ContextHandoff}).
 */
public final class DeliveryFanOut implements DeliveryHandler {

  private final Map<Context, LocalDirectory> directories = new ConcurrentHashMap<>();
  private final ContextHandoff handoff = new ContextHandoff();
  private final AtomicLong dispatched = new AtomicLong();

  public void register(Context context, LocalDirectory directory) {
    directories.put(context, directory);
  }

  public void unregister(Context context) {
    directories.remove(context);
  }

  /** Callable from any thread; returns at once. */
  public void dispatch(DeliveryRecord delivery, StreamPosition pos) {
    dispatch(delivery, pos, DeliveryTiming.NONE);
  }

  @Override
  public void dispatch(DeliveryRecord delivery, StreamPosition pos, DeliveryTiming timing) {
    dispatched.incrementAndGet();
    directories.forEach(
        (context, directory) ->
            handoff.submit(context, () -> directory.deliver(delivery, pos, timing)));
  }

  /**
   * Hands an event of {@code room} that has no position (join, leave) to every verticle's members
   * of the room. Callable from any thread; returns at once.
   */
  public void event(String room, String frame) {
    directories.forEach(
        (context, directory) -> handoff.submit(context, () -> directory.event(room, frame)));
  }

  /** Deliveries handed out since start: {@code total_messages} of {@code stats}. */
  public long dispatched() {
    return dispatched.get();
  }
}

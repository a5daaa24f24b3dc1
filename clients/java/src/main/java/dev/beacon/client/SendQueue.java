package dev.beacon.client;

import io.vertx.core.Promise;
import io.vertx.core.http.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages waiting to be written, at most {@code limit}. Offered and drained on the socket's event
 * loop; its size may be read from any thread.
 */
final class SendQueue {

  private record Outgoing(List<WebSocketFrame> frames, Promise<Void> written) {}

  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int limit;
  private boolean refused;

  SendQueue(int limit) {
    this.limit = limit;
  }

  boolean full() {
    return size.get() >= limit;
  }

  /**
   * Queues a message, or fails fast with {@link SendQueueFullException} when {@code limit} are
   * waiting.
   */
  void offer(List<WebSocketFrame> frames, Promise<Void> written) {
    if (full()) {
      refused = true;
      written.fail(new SendQueueFullException(limit));
      return;
    }
    queue.add(new Outgoing(frames, written));
    size.incrementAndGet();
  }

  /**
   * Writes queued messages while {@code link} accepts them. Returns whether a refused sender may
   * now retry.
   */
  boolean drainTo(Link link) {
    while (!queue.isEmpty() && !link.writeQueueFull()) {
      Outgoing next = queue.poll();
      size.decrementAndGet();
      link.write(next.frames()).onComplete(next.written());
    }
    if (refused && size.get() <= limit / 2) {
      refused = false;
      return true;
    }
    return false;
  }

  /** Fails every waiting message: the socket closed for good. */
  void failAll(String why) {
    for (Outgoing o = queue.poll(); o != null; o = queue.poll()) {
      size.decrementAndGet();
      o.written().fail(new IllegalStateException(why));
    }
  }
}

package dev.beacon.gateway.session;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The replies one connection owes, in the order its frames arrived. CSV lines carry no id, so a
 * reply that is ready early waits until every reply before it has been written. Its size is the
 * connection's in-flight count. Confined to the connection's event loop; the reply futures must
 * complete there.
 */
final class ReplyQueue {

  // Small at first: most connections have one reply or none in flight, and a connection's heap is
  // what limits a
  // gateway (the default's 17 slots are 88 bytes); it grows when a client pipelines.
  private final ArrayDeque<Slot> slots = new ArrayDeque<>(2);
  private final Consumer<String> writer;
  private boolean discarded;

  /**
   * @param writer receives each reply text, in order
   */
  ReplyQueue(Consumer<String> writer) {
    this.writer = writer;
  }

  /**
   * Reserves the next place in line. Callers turn failures into error text first; a failed reply is
   * skipped.
   */
  void add(Future<String> reply) {
    add(reply, null);
  }

  /**
   * As {@link #add(Future)}, running {@code afterWritten} (if not null) right after the reply is
   * written.
   */
  void add(Future<String> reply, Runnable afterWritten) {
    Slot slot = new Slot();
    slot.afterWritten = afterWritten;
    slots.addLast(slot);
    reply.onComplete(
        result -> {
          slot.text = result.succeeded() ? result.result() : null;
          slot.done = true;
          writeReady();
        });
  }

  int size() {
    return slots.size();
  }

  /** Forgets every pending reply; later completions write nothing. */
  void discard() {
    discarded = true;
    slots.clear();
  }

  private void writeReady() {
    while (!discarded && !slots.isEmpty() && slots.peekFirst().done) {
      Slot slot = slots.pollFirst();
      if (slot.text != null) {
        writer.accept(slot.text);
      }
      if (slot.afterWritten != null && !discarded) {
        slot.afterWritten.run();
      }
    }
  }

  private static final class Slot {
    private String text;
    private boolean done;
    private Runnable afterWritten;
  }
}

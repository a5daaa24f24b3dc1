package dev.beacon.gateway.backend;

import dev.beacon.common.protocol.MessageRecord;
import io.vertx.core.Future;

/**
 * Where accepted client messages (chat, broadcast, direct) go: the messaging seam towards Kafka,
 * beside {@link FixSink}, with an in-memory implementation in tests.
 *
 * <p>Contract: {@link #publish} never blocks; the returned future succeeds once the record is
 * durably stored (for Kafka: acked by every in-sync replica of {@code beacon.messages}), fails
 * otherwise, and completes on the Vert.x context of the caller. Shared by every verticle instance
 * of a process, so thread-safe.
 */
public interface MessageSink {

  Future<Void> publish(MessageRecord message);

  /** A sink that refuses every message: for gateways deployed without a messaging backend. */
  static MessageSink unavailable() {
    return message ->
        Future.failedFuture(new IllegalStateException("this gateway has no messaging backend"));
  }
}

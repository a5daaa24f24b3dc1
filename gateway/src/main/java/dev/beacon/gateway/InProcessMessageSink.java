package dev.beacon.gateway;

import dev.beacon.common.messaging.MessageRouter;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.StreamPosition;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * Messaging inside one gateway process, without Kafka: each message is routed at once to this gateway's
 * connections, as the broadcaster routes it across a cluster (a chat to its room, a broadcast to everyone, a direct
 * message to its recipient, or an {@code error} back to its author when the recipient is not connected). For an
 * embedded gateway in standalone mode. Positions count from 0 under an epoch drawn at start, so they are unique,
 * but nothing is kept: a {@code since} is never recovered.
 */
public final class InProcessMessageSink implements MessageSink {

  private final String epoch = UUID.randomUUID().toString().substring(0, StreamPosition.EPOCH_LENGTH);
  private ClusterView view;
  private DeliveryFanOut deliveries;
  private long nextOffset;

  /** Starts routing: {@code view} answers who is connected, {@code fanOut} is the gateway's. */
  public synchronized void routeTo(ClusterView clusterView, DeliveryFanOut fanOut) {
    this.view = clusterView;
    this.deliveries = fanOut;
  }

  /** Synchronized, so offsets are handed out in the order deliveries are queued to every event loop. */
  @Override
  public synchronized Future<Void> publish(MessageRecord message) {
    if (deliveries == null) {
      return Future.failedFuture(new IllegalStateException("the in-process gateway is not started yet"));
    }
    deliveries.dispatch(route(message), new StreamPosition(epoch, 0, nextOffset++));
    return Future.succeededFuture();
  }

  private DeliveryRecord route(MessageRecord m) {
    return MessageRouter.route(m, view::isConnected);
  }
}

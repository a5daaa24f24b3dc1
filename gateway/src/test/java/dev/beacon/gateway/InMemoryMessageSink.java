package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.ServerMessages;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.MessageSink;
import dev.beacon.gateway.messaging.DeliveryFanOut;
import io.vertx.core.Future;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link MessageSink} that takes every message at once, or refuses all of them. With
 * {@link #loopback}, it also plays the broadcaster: each message becomes a delivery handed to the
 * gateway, at the next offset of one partition.
 */
final class InMemoryMessageSink implements MessageSink {

  static final String EPOCH = "testEpch";

  private final BlockingQueue<MessageRecord> published = new LinkedBlockingQueue<>();
  private final AtomicLong nextOffset = new AtomicLong();
  private volatile DeliveryFanOut loopback;
  private volatile boolean failing;

  InMemoryMessageSink loopback(DeliveryFanOut deliveries) {
    this.loopback = deliveries;
    return this;
  }

  InMemoryMessageSink failing() {
    failing = true;
    return this;
  }

  @Override
  public Future<Void> publish(MessageRecord message) {
    if (failing) {
      return Future.failedFuture(new IllegalStateException("broker gone"));
    }
    published.add(message);
    DeliveryFanOut deliveries = loopback;
    if (deliveries != null) {
      deliveries.dispatch(deliveryOf(message), nextPosition());
    }
    return Future.succeededFuture();
  }

  StreamPosition nextPosition() {
    return new StreamPosition(EPOCH, 0, nextOffset.getAndIncrement());
  }

  static DeliveryRecord deliveryOf(MessageRecord m) {
    String payload = ServerMessages.payloadOf(m);
    return switch (m.kind()) {
      case CHAT -> DeliveryRecord.toRoom(m.room(), m.id(), payload);
      case BROADCAST -> DeliveryRecord.toAll(m.id(), payload);
      case DIRECT -> DeliveryRecord.toClient(m.to(), m.id(), payload);
    };
  }

  MessageRecord next() throws InterruptedException {
    MessageRecord message = published.poll(5, TimeUnit.SECONDS);
    assertThat(message).as("a message published within 5 s").isNotNull();
    return message;
  }

  int waiting() {
    return published.size();
  }
}

package dev.beacon.gateway;

import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Starts the Kafka side of real-time messaging for one process, as a pipeline of named steps: create the messaging
 * producer ({@link KafkaSettings#realtimeProducer}) and warm its metadata, start the deliveries feed, start the presence view, start the presence
 * heartbeat. Each step that holds a resource pushes its closer to the front of {@code owned}, so the gateway
 * closes them in reverse order of start (presence says goodbye before the producer flushes and closes).
 */
final class KafkaMessaging {

  private final Vertx vertx;
  private final KafkaSettings kafka;
  private final String clientId;
  private final String gatewayId;
  private final KafkaFixSink sink;
  private final List<Supplier<Future<?>>> owned;
  private DeliveryFeed feed;
  private KafkaClusterView view;
  private Producer<byte[], byte[]> producer;

  private KafkaMessaging(Vertx vertx, KafkaSettings kafka, String clientId, String gatewayId, KafkaFixSink sink,
      List<Supplier<Future<?>>> owned) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.clientId = clientId;
    this.gatewayId = gatewayId;
    this.sink = sink;
    this.owned = owned;
  }

  /** The backend over the shared producer of {@code sink}; deliveries go to {@code fanOut}. */
  static Future<MessagingBackend> start(Vertx vertx, KafkaSettings kafka, String clientId, String gatewayId,
      KafkaFixSink sink, DeliveryFanOut fanOut, List<Supplier<Future<?>>> owned) {
    KafkaMessaging steps = new KafkaMessaging(vertx, kafka, clientId, gatewayId, sink, owned);
    return vertx.executeBlocking(steps::warmMetadata)
        .compose(v -> steps.startFeed(fanOut))
        .compose(v -> steps.startView())
        .map(v -> steps.startPresence());
  }

  /**
   * Creates the messaging producer (real-time settings, apart from the fixes' batching producer) and loads its
   * metadata, so that no send of a message or presence record waits for metadata on an event loop. It closes last.
   */
  private Void warmMetadata() {
    KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(kafka.realtimeProducer(clientId + "-messages"));
    owned.add(0, () -> vertx.executeBlocking(() -> {
      created.close(Duration.ofSeconds(5));
      return null;
    }));
    producer = created;
    KafkaFixSink.warmMetadata(producer, Topics.MESSAGES, kafka.ackTimeout());
    KafkaFixSink.warmMetadata(producer, Topics.PRESENCE, kafka.ackTimeout());
    KafkaFixSink.warmMetadata(sink.producer(), Topics.CONTROL, kafka.ackTimeout());
    return null;
  }

  private Future<Void> startFeed(DeliveryFanOut fanOut) {
    return DeliveryFeed.start(vertx, kafka, clientId + "-deliveries", fanOut).map(started -> {
      feed = started;
      owned.add(0, () -> started.close(vertx));
      return null;
    });
  }

  private Future<Void> startView() {
    return KafkaClusterView.start(vertx, kafka, clientId + "-presence", KafkaPresence.HEARTBEAT_PERIOD)
        .map(started -> {
          view = started;
          owned.add(0, () -> started.close(vertx));
          return null;
        });
  }

  private MessagingBackend startPresence() {
    KafkaPresence presence = new KafkaPresence(producer, gatewayId, view);
    presence.start(vertx);
    owned.add(0, () -> {
      presence.stop(vertx);
      return Future.succeededFuture();
    });
    return new MessagingBackend(new KafkaMessageSink(vertx, producer), view, presence,
        new KafkaRecovery(vertx, kafka, clientId + "-recovery", feed.epoch()));
  }
}

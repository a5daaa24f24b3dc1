package dev.beacon.gateway.kafka;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the compacted {@code beacon.presence} from its beginning into a {@link PresenceView}, on a thread of its
 * own: what every other gateway says about its clients and its heartbeat. The gateway's own records reach the view
 * twice (at once, then from here); the view keeps the newest.
 */
final class PresenceFeed {

  private final TopicReader reader;

  private PresenceFeed(TopicReader reader) {
    this.reader = reader;
  }

  /** Assigns every partition from the beginning and starts reading (on a worker, then on its own thread). */
  static Future<PresenceFeed> start(Vertx vertx, KafkaSettings kafka, String clientId, PresenceView view) {
    return vertx.executeBlocking(() -> {
      PresenceFeed feed = readInto(new KafkaConsumer<>(TopicReader.settings(kafka, clientId)),
          kafka.topics().presence(), view, kafka.ackTimeout());
      feed.reader.start("beacon-presence");
      return feed;
    });
  }

  /** A feed over {@code consumer}, assigned but not started: tests poll it by hand. */
  static PresenceFeed readInto(Consumer<byte[], byte[]> consumer, String topic, PresenceView view,
      Duration timeout) {
    TopicReader reader = new TopicReader(consumer, topic,
        record -> view.apply(record.key(), record.value()));
    reader.assignAll(TopicReader.From.BEGINNING, timeout);
    return new PresenceFeed(reader);
  }

  Future<Void> close(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      reader.close(Duration.ofSeconds(5));
      return null;
    });
  }
}

package dev.beacon.gateway.kafka;

import dev.beacon.common.protocol.ControlRecord;
import dev.beacon.common.protocol.ControlRecordCodec;
import dev.beacon.gateway.backend.ControlSink;
import dev.beacon.gateway.backend.LocalConnections;
import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.KafkaDeadLetters;
import dev.beacon.runtime.kafka.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code beacon.control} from its end (commands given before this gateway started are not its
 * business) on a thread of its own, and carries out each command whose client is connected here.
 */
final class ControlFeed {

  private static final Logger log = LoggerFactory.getLogger(ControlFeed.class);

  private final LocalConnections hub;
  private final String gatewayId;
  private ConsumeLoop loop;

  private ControlFeed(LocalConnections hub, String gatewayId) {
    this.hub = hub;
    this.gatewayId = gatewayId;
  }

  /**
   * Positions at the end of the topic before the future completes, then reads until {@link #close}.
   */
  static Future<ControlFeed> start(
      Vertx vertx, KafkaSettings kafka, String clientId, String gatewayId, LocalConnections hub) {
    return vertx.executeBlocking(
        () -> {
          ControlFeed feed = new ControlFeed(hub, gatewayId);
          feed.loop =
              new TopicReader<>(
                      kafka.topics().control(),
                      ConsumeContext.From.END,
                      kafka.ackTimeout(),
                      record -> ControlRecordCodec.decode(record.value()),
                      feed::apply)
                  .loop(
                      new KafkaConsumer<>(kafka.readerConsumer(clientId)),
                      new KafkaDeadLetters(kafka, clientId));
          feed.loop.startThread("beacon-control", true);
          feed.loop.awaitReady(kafka.ackTimeout().multipliedBy(3));
          return feed;
        });
  }

  private void apply(ConsumerRecord<byte[], byte[]> record, ControlRecord command) {
    if (!command.isDisconnect()) {
      if (ControlSink.carryOut(command, hub)) {
        log.info(
            "gateway {}: {} of client {} to room {} on operator request",
            gatewayId,
            command.command(),
            command.clientId(),
            command.room());
      }
    } else if (hub.disconnect(command.clientId(), command.code(), command.reason())) {
      log.info(
          "gateway {} disconnecting client {} with {} on operator request: {}",
          gatewayId,
          command.clientId(),
          command.code(),
          command.reason());
    }
  }

  Future<Void> close(Vertx vertx) {
    return vertx.executeBlocking(
        () -> {
          loop.close(Duration.ofSeconds(5));
          return null;
        });
  }
}

package dev.beacon.gateway;

import dev.beacon.runtime.kafka.Topics;
import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.PresenceRecordCodec;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this gateway's presence to {@code beacon.presence}: {@code client:<id>} on connect and on every
 * subscription change, its tombstone on disconnect, {@code gateway:<id>} every {@link #HEARTBEAT_PERIOD}, and
 * the gateway's tombstone on a clean stop. Each record also goes straight into the local view, so a client
 * sees itself without waiting for the topic. Fire and forget: presence is refreshed, a lost record is logged.
 */
public final class KafkaPresence implements PresencePublisher {

  public static final Duration HEARTBEAT_PERIOD = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(KafkaPresence.class);

  private final Producer<byte[], byte[]> producer;
  private final String gatewayId;
  private final KafkaClusterView view;
  private long timerId = -1;

  KafkaPresence(Producer<byte[], byte[]> producer, String gatewayId, KafkaClusterView view) {
    this.producer = producer;
    this.gatewayId = gatewayId;
    this.view = view;
  }

  /** Writes the first heartbeat now, then one every period. */
  void start(Vertx vertx) {
    heartbeat();
    timerId = vertx.setPeriodic(HEARTBEAT_PERIOD.toMillis(), id -> heartbeat());
  }

  void heartbeat() {
    write(new PresenceRecord.GatewayAlive(gatewayId, System.currentTimeMillis()));
  }

  @Override
  public void present(ClientPresent state) {
    write(state);
  }

  @Override
  public void left(String clientId) {
    write(new PresenceRecord.ClientLeft(clientId));
  }

  /** Stops the heartbeat and says the gateway is gone; the producer's close flushes it. */
  void stop(Vertx vertx) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    write(new PresenceRecord.GatewayGone(gatewayId));
  }

  private void write(PresenceRecord record) {
    view.apply(record);
    try {
      producer.send(new ProducerRecord<>(Topics.PRESENCE, PresenceRecordCodec.key(record),
          PresenceRecordCodec.encode(record)), (metadata, error) -> {
            if (error != null) {
              log.warn("presence {} not written: {}", record.key(), error.toString());
            }
          });
    } catch (RuntimeException e) {
      log.warn("presence {} not written: {}", record.key(), e.toString());
    }
  }
}

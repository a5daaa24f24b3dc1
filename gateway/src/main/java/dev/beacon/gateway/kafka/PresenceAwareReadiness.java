package dev.beacon.gateway.kafka;

import dev.beacon.gateway.backend.Readiness;
import dev.beacon.runtime.kafka.ConsumeLoop;

/**
 * A Kafka gateway's readiness: Kafka reachable ({@link KafkaReadiness}) and the presence view
 * loaded, by the same rule the broadcaster waits for before it routes (the presence reader has read
 * what {@code beacon.presence} held at start; {@link dev.beacon.runtime.presence.PresenceReader}).
 * Until then {@code get_stats}, {@code presence} and the check before a {@code direct} would answer
 * from a half-loaded view. Reads state only: safe on an event loop.
 */
record PresenceAwareReadiness(Readiness kafka, ConsumeLoop presence, String topic)
    implements Readiness {

  @Override
  public boolean ready() {
    return reason().isEmpty();
  }

  @Override
  public String reason() {
    if (presence.hasFailed() || presence.ready().isCompletedExceptionally()) {
      return "the reader of "
          + topic
          + " stopped; who is connected where is no longer known, restart the gateway";
    }
    if (!presence.ready().isDone()) {
      return "still reading " + topic + " (who is connected where) up to its end";
    }
    return kafka.reason();
  }
}

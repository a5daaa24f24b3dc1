package dev.beacon.gateway;

import dev.beacon.common.protocol.ControlRecord;
import io.vertx.core.Future;

/**
 * Where operator commands go. {@link KafkaControlSink} writes them to {@code beacon.control}, which every gateway
 * reads ({@link ControlFeed}), so a command reaches the client wherever it is connected; {@link #local} carries
 * them out in this process only, for a gateway without Kafka.
 *
 * <p>Contract: never blocks; the future succeeds once the command is durably stored (Kafka) or carried out
 * (local), on the caller's context.
 */
public interface ControlSink {

  Future<Void> send(ControlRecord command);

  /** Commands carried out on the connections of {@code hub} only. */
  static ControlSink local(ConnectionHub hub) {
    return command -> {
      hub.disconnect(command.clientId(), command.code(), command.reason());
      return Future.succeededFuture();
    };
  }
}

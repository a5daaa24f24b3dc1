package dev.beacon.gateway.backend;

import dev.beacon.common.protocol.ControlRecord;
import io.vertx.core.Future;

/**
 * Where operator commands go. The Kafka backend's sink writes them to {@code beacon.control}, which
 * every gateway reads, so a command reaches the client wherever it is connected; {@link #local}
 * carries them out in this process only, for a gateway without Kafka.
 *
 * <p>Contract: never blocks; the future succeeds once the command is durably stored (Kafka) or
 * carried out (local), on the caller's context.
 */
public interface ControlSink {

  Future<Void> send(ControlRecord command);

  /** Commands carried out on this process's {@code connections} only. */
  static ControlSink local(LocalConnections connections) {
    return command -> {
      carryOut(command, connections);
      return Future.succeededFuture();
    };
  }

  /**
   * Carries out {@code command} on this process's {@code connections}.
   *
   * @return false when no connection of this process has the command's client id
   */
  static boolean carryOut(ControlRecord command, LocalConnections connections) {
    return switch (command.command()) {
      case ControlRecord.SUBSCRIBE -> connections.subscribe(command.clientId(), command.room());
      case ControlRecord.UNSUBSCRIBE -> connections.unsubscribe(command.clientId(), command.room());
      default -> connections.disconnect(command.clientId(), command.code(), command.reason());
    };
  }
}

package dev.beacon.gateway.backend;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.StreamPosition;
import io.vertx.core.Future;
import java.util.List;

/**
 * Replays what a room received after a position, for {@code subscribe} with {@code since}. Shared
 * by every verticle, so thread-safe; the future completes on the caller's context.
 */
public interface Recovery {

  /**
   * The deliveries to {@code room} after {@code since} and before offset {@code before} of the same
   * partition (what the client already received live starts there), oldest first.
   */
  Future<Replay> replay(String room, StreamPosition since, long before);

  /**
   * What a recovery found: {@code recovered} is false when positions after {@code since} are lost.
   */
  record Replay(boolean recovered, List<Missed> missed) {

    public static Replay lost() {
      return new Replay(false, List.of());
    }
  }

  /** One delivery the client missed, with its position. */
  record Missed(DeliveryRecord delivery, StreamPosition pos) {}

  /** No history: every {@code since} answers {@code recovered: false}. */
  static Recovery none() {
    return (room, since, before) -> Future.succeededFuture(Replay.lost());
  }
}

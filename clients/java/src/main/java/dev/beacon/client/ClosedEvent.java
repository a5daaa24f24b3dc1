package dev.beacon.client;

/**
 * A WebSocket connection of a {@link BeaconSocket} ended.
 *
 * @param code the close code: the server's, or a local one ({@code 4001} no pong in time, {@code
 *     1009} an incoming message above the limit, {@code 1006} the connection dropped without a
 *     close frame)
 * @param reason the close reason, never null (empty when none was given)
 * @param byClient whether this side decided to close (a call to close, a missed pong, an oversize
 *     message)
 * @param willReconnect whether the socket will reconnect by itself; false means the socket is now
 *     {@link ConnectionState#CLOSED}
 */
public record ClosedEvent(int code, String reason, boolean byClient, boolean willReconnect) {

  /** Close code when the TCP connection dropped without a WebSocket close frame (RFC 6455). */
  public static final int ABNORMAL = 1006;

  public ClosedEvent {
    reason = reason == null ? "" : reason;
  }

  @Override
  public String toString() {
    return code
        + (reason.isEmpty() ? "" : " (" + reason + ")")
        + (byClient ? " by the client" : " by the server")
        + (willReconnect ? ", reconnecting" : ", closed");
  }
}

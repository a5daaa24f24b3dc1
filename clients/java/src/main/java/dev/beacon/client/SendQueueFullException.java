package dev.beacon.client;

/**
 * {@link BeaconSocket#send(String)} refused a message because the send queue already holds {@link
 * ClientOptions#sendQueueLimit()} messages. Wait for the socket's drain handler, then send again.
 */
public final class SendQueueFullException extends IllegalStateException {

  SendQueueFullException(int limit) {
    super(
        "send queue full: "
            + limit
            + " messages are waiting to be written; wait for the drain handler "
            + "(BeaconSocket.drainHandler) or raise ClientOptions.sendQueueLimit");
  }
}

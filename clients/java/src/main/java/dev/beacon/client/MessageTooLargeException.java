package dev.beacon.client;

/**
 * {@link BeaconSocket#send(String)} refused a message longer than {@link
 * ClientOptions#maxMessageSize()} bytes. Nothing was written and the connection stays open.
 */
public final class MessageTooLargeException extends IllegalArgumentException {

  MessageTooLargeException(long size, int limit) {
    super(
        "message of "
            + size
            + " bytes is above the client's maxMessageSize of "
            + limit
            + " bytes; send smaller messages or raise ClientOptions.maxMessageSize (and the server's limit)");
  }
}

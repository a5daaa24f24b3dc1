package dev.beacon.broadcaster;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.ServerMessages;
import java.util.List;

/**
 * Turns a message of {@code beacon.messages} into what {@code beacon.deliveries} carries: a chat goes to its
 * room, a broadcast to everyone, a direct message to its recipient when present, otherwise an
 * {@code error} back to its author. Pure: the caller passes the presence view and the time.
 */
public final class MessageRouter {

  /** The error code sent to the author of a direct message whose recipient is not connected. */
  public static final String CLIENT_NOT_CONNECTED = "client_not_connected";

  private final PresenceView presence;

  public MessageRouter(PresenceView presence) {
    this.presence = presence;
  }

  /** The deliveries of {@code message}, judged against presence at {@code nowMillis}. */
  public List<DeliveryRecord> route(MessageRecord message, long nowMillis) {
    return switch (message.kind()) {
      case CHAT -> List.of(DeliveryRecord.toRoom(message.room(), message.id(), ServerMessages.payloadOf(message)));
      case BROADCAST -> List.of(DeliveryRecord.toAll(message.id(), ServerMessages.payloadOf(message)));
      case DIRECT -> List.of(direct(message, nowMillis));
    };
  }

  private DeliveryRecord direct(MessageRecord message, long nowMillis) {
    if (presence.isPresent(message.to(), nowMillis)) {
      return DeliveryRecord.toClient(message.to(), message.id(), ServerMessages.payloadOf(message));
    }
    return DeliveryRecord.toClient(message.clientId(), message.id(), notConnected(message.to()));
  }

  /** The {@code error} payload telling an author that {@code to} is not connected. */
  static String notConnected(String to) {
    return ServerMessages.error(null, CLIENT_NOT_CONNECTED, "Client '" + to + "' is not connected;"
        + " check the client id, or ask them to reconnect and send the message again");
  }
}

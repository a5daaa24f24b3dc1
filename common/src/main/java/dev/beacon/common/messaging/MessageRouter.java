package dev.beacon.common.messaging;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.ServerMessages;
import java.util.function.Predicate;

/**
 * Turns a message of {@code beacon.messages} into its delivery: a chat goes to its room, a
 * broadcast to everyone, a direct message to its recipient when present, otherwise a {@code
 * client_not_connected} error back to its author. The one routing rule of Beacon: the broadcaster
 * applies it across a cluster, an embedded gateway without Kafka applies it in its own process.
 * Pure: the caller says who is present.
 */
public final class MessageRouter {

  private MessageRouter() {}

  /**
   * The delivery of {@code message}; {@code isPresent} answers whether a client id is connected
   * now.
   */
  public static DeliveryRecord route(MessageRecord message, Predicate<String> isPresent) {
    String payload = ServerMessages.payloadOf(message);
    return switch (message.kind()) {
      case CHAT -> DeliveryRecord.toRoom(message.room(), message.id(), payload);
      case BROADCAST -> DeliveryRecord.toAll(message.id(), payload);
      case DIRECT ->
          isPresent.test(message.to())
              ? DeliveryRecord.toClient(message.to(), message.id(), payload)
              : DeliveryRecord.toClient(
                  message.clientId(), message.id(), notConnected(null, message.to()));
    };
  }

  /**
   * The {@code error} payload telling an author that {@code to} is not connected; {@code id} is the
   * request's.
   */
  public static String notConnected(Object id, String to) {
    return ServerMessages.error(
        id, ErrorCode.CLIENT_NOT_CONNECTED.code(), ErrorCode.clientNotConnected(to));
  }
}

package dev.beacon.common.protocol;

import java.util.Objects;

/**
 * What to deliver to whom, one record of {@code beacon.deliveries}, written by the broadcaster and
 * read by every gateway (codec: {@link DeliveryRecordCodec}).
 *
 * <p>{@code payload} is the client-facing message (e.g. a {@code chat} frame) as compact JSON
 * object text <em>without</em> {@code pos}: the record's own Kafka position is the message's
 * position, known only once the record is in the log. A gateway adds it with {@link
 * #frameAt(StreamPosition)}, once per delivery, and writes the same text to every recipient.
 *
 * @param target who receives it: the members of a room, every client, or one client
 * @param room the room, for target {@code room}; null otherwise
 * @param client the client id, for target {@code client}; null otherwise
 * @param messageId the id of the message delivered ({@link MessageRecord#id()}), to drop duplicates
 * @param payload the client-facing JSON object without {@code pos}
 */
public record DeliveryRecord(
    Target target, String room, String client, String messageId, String payload) {

  /** Who a delivery is for. */
  public enum Target {
    ROOM("room"),
    ALL("all"),
    CLIENT("client");

    private final String wire;

    Target(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Target of(String wire) {
      for (Target target : values()) {
        if (target.wire.equals(wire)) {
          return target;
        }
      }
      throw new IllegalArgumentException(
          "field 'target' must be one of room, all, client, got '"
              + RoomNames.abbreviate(String.valueOf(wire))
              + "'");
    }
  }

  public DeliveryRecord {
    Objects.requireNonNull(target, "target");
    RecordValues.required(messageId, "message_id");
    payload = RecordValues.required(payload, "payload").strip();
    if (payload.length() < 2
        || payload.charAt(0) != '{'
        || payload.charAt(payload.length() - 1) != '}') {
      throw new IllegalArgumentException(
          "field 'payload' must be a JSON object, got '" + RoomNames.abbreviate(payload) + "'");
    }
    requiredFor(target == Target.ROOM, room, "room", target);
    requiredFor(target == Target.CLIENT, client, "client", target);
  }

  private static void requiredFor(boolean required, String value, String name, Target target) {
    if (required && (value == null || value.isEmpty())) {
      throw new IllegalArgumentException(
          "missing field '" + name + "', required for target " + target.wire());
    }
    if (!required && value != null) {
      throw new IllegalArgumentException(
          "field '" + name + "' is not allowed for target " + target.wire());
    }
  }

  public static DeliveryRecord toRoom(String room, String messageId, String payload) {
    return new DeliveryRecord(Target.ROOM, room, null, messageId, payload);
  }

  public static DeliveryRecord toAll(String messageId, String payload) {
    return new DeliveryRecord(Target.ALL, null, null, messageId, payload);
  }

  public static DeliveryRecord toClient(String client, String messageId, String payload) {
    return new DeliveryRecord(Target.CLIENT, null, client, messageId, payload);
  }

  /** The Kafka key: the room, {@code *} for all, {@code @<client>} for one client. */
  public String key() {
    return switch (target) {
      case ROOM -> room;
      case ALL -> MessageRecord.BROADCAST_KEY;
      case CLIENT -> MessageRecord.DIRECT_KEY_PREFIX + client;
    };
  }

  /**
   * The frame to send: {@code payload} with {@code "pos":"<position>"} added as its last field. One
   * copy of the payload and no JSON parsing, so it can run once per delivery on an event loop.
   */
  public String frameAt(StreamPosition pos) {
    int end = payload.length() - 1;
    int last = end - 1;
    while (Character.isWhitespace(payload.charAt(last))) {
      last--;
    }
    StringBuilder sb = new StringBuilder(end + 48).append(payload, 0, last + 1);
    if (payload.charAt(last) != '{') {
      sb.append(',');
    }
    return pos.appendTo(sb.append("\"pos\":\"")).append("\"}").toString();
  }
}

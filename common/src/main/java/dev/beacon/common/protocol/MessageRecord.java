package dev.beacon.common.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * A client message on its way from a gateway to the broadcaster, one record of {@code
 * beacon.messages} (codec: {@link MessageRecordCodec}).
 *
 * @param kind chat (to a room), broadcast (to everyone) or direct (to one client)
 * @param id unique id of the message (a UUID), so a redelivered record is delivered once
 * @param room the room of a chat; null for the other kinds
 * @param to the recipient's client id of a direct message; null for the other kinds
 * @param clientId the author's client id
 * @param gateway the id of the author's gateway
 * @param sender the display name the author gave ({@code sender}, or {@code from} of a broadcast)
 * @param content the text ({@code content} of chat and direct, {@code message} of broadcast); null
 *     when the message carries only {@code data}
 * @param ts gateway clock when the message arrived, epoch milliseconds
 * @param verifiedSub the {@code sub} of the JWT the author's connection was verified with, stamped
 *     by the gateway (never taken from the client's frame); null for an anonymous author or a
 *     server API message
 * @param data the payload, any JSON value as the exact text its author sent ({@link RawJson}),
 *     delivered byte for byte; null when the message has only text
 */
public record MessageRecord(
    Kind kind,
    String id,
    String room,
    String to,
    String clientId,
    String gateway,
    String sender,
    String content,
    long ts,
    String verifiedSub,
    String data) {

  /** What a message is addressed to. */
  public enum Kind {
    CHAT("chat"),
    BROADCAST("broadcast"),
    DIRECT("direct");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    /** The kind named {@code wire}, e.g. {@code chat}. */
    public static Kind of(String wire) {
      for (Kind kind : values()) {
        if (kind.wire.equals(wire)) {
          return kind;
        }
      }
      throw new IllegalArgumentException(
          "field 'kind' must be one of chat, broadcast, direct, got '"
              + RoomNames.abbreviate(String.valueOf(wire))
              + "'");
    }
  }

  /** The record key of broadcasts. */
  public static final String BROADCAST_KEY = "*";

  /** The prefix of direct keys, {@code @<client id>}. */
  public static final String DIRECT_KEY_PREFIX = "@";

  public MessageRecord {
    Objects.requireNonNull(kind, "kind");
    RecordValues.required(id, "id");
    RecordValues.required(clientId, "client_id");
    RecordValues.required(gateway, "gateway");
    RecordValues.required(sender, "sender");
    if (content == null && data == null) {
      throw new IllegalArgumentException(
          "missing field '"
              + (kind == Kind.BROADCAST ? "message" : "content")
              + "' or 'data'; a message carries text, a JSON value, or both");
    }
    requiredFor(kind == Kind.CHAT, room, "room", kind);
    requiredFor(kind == Kind.DIRECT, to, "to", kind);
    if (room != null && !RoomNames.isValid(room)) {
      throw new IllegalArgumentException(
          "field 'room' must be " + RoomNames.RULE + ", got '" + RoomNames.abbreviate(room) + "'");
    }
  }

  /** A text message of an author verified as {@code verifiedSub} (null: not verified). */
  public MessageRecord(
      Kind kind,
      String id,
      String room,
      String to,
      String clientId,
      String gateway,
      String sender,
      String content,
      long ts,
      String verifiedSub) {
    this(kind, id, room, to, clientId, gateway, sender, content, ts, verifiedSub, null);
  }

  /** A text message of an unverified author. */
  public MessageRecord(
      Kind kind,
      String id,
      String room,
      String to,
      String clientId,
      String gateway,
      String sender,
      String content,
      long ts) {
    this(kind, id, room, to, clientId, gateway, sender, content, ts, null);
  }

  /** This message as written by a connection verified as {@code sub} (null: not verified). */
  public MessageRecord verifiedAs(String sub) {
    return new MessageRecord(kind, id, room, to, clientId, gateway, sender, content, ts, sub, data);
  }

  /** This message carrying {@code json} as its payload (exact JSON text; null: none). */
  public MessageRecord withData(String json) {
    return new MessageRecord(
        kind, id, room, to, clientId, gateway, sender, content, ts, verifiedSub, json);
  }

  private static void requiredFor(boolean required, String value, String name, Kind kind) {
    if (required && (value == null || value.isEmpty())) {
      throw new IllegalArgumentException(
          "missing field '" + name + "', required for kind " + kind.wire());
    }
    if (!required && value != null) {
      throw new IllegalArgumentException(
          "field '" + name + "' is not allowed for kind " + kind.wire());
    }
  }

  /** A new unique message id. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  public static MessageRecord chat(
      String room, String clientId, String gateway, String sender, String content, long ts) {
    return chat(room, clientId, gateway, sender, content, null, ts);
  }

  /** A chat with text {@code content} and/or JSON {@code data} (exact text), either may be null. */
  public static MessageRecord chat(
      String room,
      String clientId,
      String gateway,
      String sender,
      String content,
      String data,
      long ts) {
    return new MessageRecord(
        Kind.CHAT, newId(), room, null, clientId, gateway, sender, content, ts, null, data);
  }

  public static MessageRecord broadcast(
      String clientId, String gateway, String from, String message, long ts) {
    return broadcast(clientId, gateway, from, message, null, ts);
  }

  /** A broadcast with text {@code message} and/or JSON {@code data}, either may be null. */
  public static MessageRecord broadcast(
      String clientId, String gateway, String from, String message, String data, long ts) {
    return new MessageRecord(
        Kind.BROADCAST, newId(), null, null, clientId, gateway, from, message, ts, null, data);
  }

  public static MessageRecord direct(
      String to, String clientId, String gateway, String sender, String content, long ts) {
    return direct(to, clientId, gateway, sender, content, null, ts);
  }

  /** A direct message with text {@code content} and/or JSON {@code data}, either may be null. */
  public static MessageRecord direct(
      String to,
      String clientId,
      String gateway,
      String sender,
      String content,
      String data,
      long ts) {
    return new MessageRecord(
        Kind.DIRECT, newId(), null, to, clientId, gateway, sender, content, ts, null, data);
  }

  /**
   * The Kafka key: the room of a chat, {@code *} for a broadcast, {@code @<to>} for a direct
   * message.
   */
  public String key() {
    return switch (kind) {
      case CHAT -> room;
      case BROADCAST -> BROADCAST_KEY;
      case DIRECT -> DIRECT_KEY_PREFIX + to;
    };
  }
}

package dev.beacon.common.protocol;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decodes the JSON frames of the real-time messaging protocol into {@link ClientRequest}s, or
 * refuses them with a {@link ProtocolException} whose message names the field and says what to
 * send. Unknown fields are ignored, so clients may send more than a gateway understands. Field
 * rules are in {@code docs/protocol.md} and {@code docs/schema/*.request.schema.json}.
 */
public final class ClientMessages {

  /**
   * Longest {@code content} of chat and direct and {@code message} of broadcast, in characters
   * (code points).
   */
  public static final int MAX_CONTENT_LENGTH = 4096;

  /** Longest {@code sender} or {@code from}, in characters. */
  public static final int MAX_SENDER_LENGTH = 64;

  /** Longest custom {@code action}; client ids follow {@link ClientIds}. */
  public static final int MAX_NAME_LENGTH = 64;

  /** Longest string {@code id}. */
  public static final int MAX_ID_LENGTH = 128;

  /** Most messages one {@code history} answer carries; also its default {@code limit}. */
  public static final int MAX_HISTORY_LIMIT = 1000;

  /** Longest {@code token} of refresh, in characters. */
  public static final int MAX_TOKEN_LENGTH = 8192;

  public static final String ANONYMOUS = "anonymous";

  /**
   * {@code publish}: publishes {@code data} to a channel ({@code channel}, or {@code room}); an
   * alias of {@code chat}, delivered as a {@code chat}.
   */
  public static final String PUBLISH = "publish";

  /** The request types, in the order error messages list them. */
  public static final List<String> TYPES =
      List.of(
          "chat",
          PUBLISH,
          "broadcast",
          "ping",
          "custom",
          "subscribe",
          "unsubscribe",
          "direct",
          "presence",
          ClientRequest.Refresh.TYPE,
          ClientRequest.History.TYPE,
          ClientRequest.PresenceStats.TYPE);

  /** The types whose {@code data} is a payload delivered as sent. */
  private static final List<String> PAYLOAD_TYPES = List.of("chat", PUBLISH, "broadcast", "direct");

  private static final Pattern NAME_CHARS = Pattern.compile("[A-Za-z0-9._:-]+");

  private ClientMessages() {}

  /** Decodes a text frame; a frame that is not a JSON object is {@code invalid_json}. */
  public static ClientRequest decode(String frame) throws ProtocolException {
    Object value;
    try {
      value = Json.decodeValue(frame);
    } catch (DecodeException e) {
      throw new ProtocolException(
          ErrorCode.INVALID_JSON,
          "Invalid JSON format: " + firstLine(e.getMessage()) + "; send one JSON object per frame");
    }
    if (!(value instanceof JsonObject message)) {
      throw new ProtocolException(
          ErrorCode.INVALID_JSON,
          "Invalid JSON format: expected a JSON object {\"type\":...}, got " + describe(value));
    }
    return decode(frame, message);
  }

  /**
   * Decodes {@code message}, already parsed from {@code frame}; a payload's {@code data} is taken
   * from {@code frame} as the client wrote it.
   */
  public static ClientRequest decode(String frame, JsonObject message) throws ProtocolException {
    // The payload is the frame's own text of "data", never the parsed value encoded again.
    String data =
        message.containsKey("data") && PAYLOAD_TYPES.contains(message.getValue("type"))
            ? RawJson.field(frame, "data")
            : null;
    return decode(message, data);
  }

  /**
   * Decodes an already parsed envelope by its {@code type}; a payload's {@code data} is encoded
   * again from the parsed value, so callers holding the frame's text use {@link #decode(String)}.
   */
  public static ClientRequest decode(JsonObject message) throws ProtocolException {
    Object data = message.getValue("data");
    return decode(message, data == null ? null : Json.encode(data));
  }

  private static ClientRequest decode(JsonObject message, String data) throws ProtocolException {
    Object id = id(message);
    try {
      return decode(message, data, id);
    } catch (ProtocolException e) {
      throw e.withId(id);
    }
  }

  private static ClientRequest decode(JsonObject m, String data, Object id)
      throws ProtocolException {
    Object type = m.getValue("type");
    switch (type instanceof String s ? s : "") {
      case "chat":
        return new ClientRequest.Chat(
            sender(m, "sender"),
            content(m, "content", data),
            RoomNames.checkPublishable(
                "room", optionalString(m, "room", RoomNames.DEFAULT_ROOM, Integer.MAX_VALUE)),
            data,
            id);
      case PUBLISH:
        return new ClientRequest.Chat(
            sender(m, "sender"),
            optionalContent(m, "content"),
            RoomNames.checkPublishable("channel", channel(m)),
            requiredData(data),
            id);
      case "broadcast":
        return new ClientRequest.Broadcast(
            content(m, "message", data), sender(m, "from"), data, id);
      case "ping":
        return new ClientRequest.Ping(id);
      case "custom":
        return new ClientRequest.Custom(
            name(m, "action", "an action name such as get_stats"), data(m), id);
      case "subscribe":
        return new ClientRequest.Subscribe(subscribableRoom(m), since(m), id);
      case "unsubscribe":
        return new ClientRequest.Unsubscribe(subscribableRoom(m), id);
      case "direct":
        return new ClientRequest.Direct(
            clientId(m, "to"), content(m, "content", data), sender(m, "sender"), data, id);
      case "presence":
        return new ClientRequest.Presence(subscribableRoom(m), id);
      case ClientRequest.Refresh.TYPE:
        return new ClientRequest.Refresh(token(m), id);
      case ClientRequest.History.TYPE:
        return new ClientRequest.History(
            subscribableRoom(m), historyLimit(m), since(m), reverse(m), id);
      case ClientRequest.PresenceStats.TYPE:
        return new ClientRequest.PresenceStats(subscribableRoom(m), id);
      default:
        String given = type == null ? "(none)" : "'" + abbreviate(String.valueOf(type)) + "'";
        throw new ProtocolException(
            ErrorCode.UNKNOWN_TYPE,
            "Unknown message type: " + given + "; expected one of " + TYPES);
    }
  }

  private static Object id(JsonObject m) throws ProtocolException {
    Object id = m.getValue("id");
    if (id == null || id instanceof Number) {
      return id;
    }
    if (id instanceof String s) {
      if (s.length() > MAX_ID_LENGTH) {
        throw badRequest(
            "id", "must be at most " + MAX_ID_LENGTH + " characters, got " + s.length());
      }
      return s;
    }
    throw badRequest(
        "id", "must be a string or a number chosen by you, or left out; got " + describe(id));
  }

  /** The text of a message, which may be left out when it carries {@code data}. */
  private static String content(JsonObject m, String field, String data) throws ProtocolException {
    if (data != null) {
      return optionalContent(m, field);
    }
    if (m.getValue(field) == null) {
      throw badRequest(field, "is required; send the text to deliver, or a JSON value in 'data'");
    }
    return content(m, field);
  }

  private static String optionalContent(JsonObject m, String field) throws ProtocolException {
    return m.getValue(field) == null ? null : content(m, field);
  }

  private static String requiredData(String data) throws ProtocolException {
    if (data == null) {
      throw badRequest("data", "is required; send the JSON value to publish (any JSON value)");
    }
    return data;
  }

  /**
   * The channel of a {@code publish}: {@code channel}, or {@code room} as {@code chat} names it.
   */
  private static String channel(JsonObject m) throws ProtocolException {
    Object channel = m.getValue("channel");
    if (channel == null && m.getValue("room") != null) {
      return optionalString(m, "room", RoomNames.DEFAULT_ROOM, Integer.MAX_VALUE);
    }
    return requiredString(m, "channel", "the channel to publish to, such as feed:prices");
  }

  private static String content(JsonObject m, String field) throws ProtocolException {
    String text = requiredString(m, field, "the text to send");
    if (text.isBlank()) {
      throw badRequest(field, "must not be empty; send the text to deliver");
    }
    return withinLength(field, text, MAX_CONTENT_LENGTH);
  }

  private static String sender(JsonObject m, String field) throws ProtocolException {
    String sender = optionalString(m, field, ANONYMOUS, MAX_SENDER_LENGTH);
    return sender.isBlank() ? ANONYMOUS : sender;
  }

  private static String name(JsonObject m, String field, String what) throws ProtocolException {
    String name = withinLength(field, requiredString(m, field, what), MAX_NAME_LENGTH);
    if (!NAME_CHARS.matcher(name).matches()) {
      throw badRequest(
          field,
          "must be "
              + what
              + ": 1-"
              + MAX_NAME_LENGTH
              + " characters of A-Z a-z 0-9 . _ : -, got '"
              + abbreviate(name)
              + "'");
    }
    return name;
  }

  private static String clientId(JsonObject m, String field) throws ProtocolException {
    String id =
        withinLength(
            field,
            requiredString(m, field, "the client_id of the recipient"),
            ClientIds.MAX_LENGTH);
    if (!ClientIds.isValid(id)) {
      throw badRequest(
          field,
          "must be the client_id of the recipient: "
              + ClientIds.rule()
              + ", got '"
              + abbreviate(id)
              + "'");
    }
    return id;
  }

  private static String token(JsonObject m) throws ProtocolException {
    String token = requiredString(m, "token", "a fresh JWT for the same subject");
    if (token.isBlank()) {
      throw badRequest("token", "must not be empty; send a fresh JWT for the same subject");
    }
    return withinLength("token", token, MAX_TOKEN_LENGTH);
  }

  private static String subscribableRoom(JsonObject m) throws ProtocolException {
    return RoomNames.checkSubscribable(
        "room", requiredString(m, "room", "a room name such as lobby"));
  }

  private static StreamPosition since(JsonObject m) throws ProtocolException {
    Object since = m.getValue("since");
    if (since == null) {
      return null;
    }
    if (!(since instanceof String s)) {
      throw badRequest(
          "since",
          "must be the pos string of the last message you received, e.g. "
              + StreamPosition.EXAMPLE
              + ", or left out; got "
              + describe(since));
    }
    try {
      return StreamPosition.parse(s);
    } catch (ProtocolException e) {
      throw badRequest(
          "since",
          "must be "
              + StreamPosition.FORM
              + " as received in pos, e.g. "
              + StreamPosition.EXAMPLE
              + ", got '"
              + abbreviate(s)
              + "'");
    }
  }

  private static int historyLimit(JsonObject m) throws ProtocolException {
    Object limit = m.getValue("limit");
    if (limit == null) {
      return MAX_HISTORY_LIMIT;
    }
    if (limit instanceof Integer || limit instanceof Long) {
      long n = ((Number) limit).longValue();
      if (n >= 1 && n <= MAX_HISTORY_LIMIT) {
        return (int) n;
      }
    }
    throw badRequest(
        "limit",
        "must be a whole number from 1 to "
            + MAX_HISTORY_LIMIT
            + " (messages per answer), or left out for "
            + MAX_HISTORY_LIMIT
            + "; got "
            + describe(limit));
  }

  private static boolean reverse(JsonObject m) throws ProtocolException {
    Object reverse = m.getValue("reverse");
    if (reverse == null || reverse instanceof Boolean) {
      return Boolean.TRUE.equals(reverse);
    }
    throw badRequest(
        "reverse",
        "must be true (newest first) or false (oldest first, the default); got "
            + describe(reverse));
  }

  private static JsonObject data(JsonObject m) throws ProtocolException {
    Object data = m.getValue("data");
    if (data == null || data instanceof JsonObject) {
      return (JsonObject) data;
    }
    throw badRequest("data", "must be a JSON object or left out; got " + describe(data));
  }

  private static String requiredString(JsonObject m, String field, String what)
      throws ProtocolException {
    Object value = m.getValue(field);
    if (value instanceof String s) {
      return s;
    }
    throw badRequest(
        field,
        (value == null ? "is required" : "must be a string")
            + "; send "
            + what
            + (value == null ? "" : ", got " + describe(value)));
  }

  private static String optionalString(JsonObject m, String field, String absent, int maxLength)
      throws ProtocolException {
    Object value = m.getValue(field);
    if (value == null) {
      return absent;
    }
    if (value instanceof String s) {
      return withinLength(field, s, maxLength);
    }
    throw badRequest(
        field, "must be a string or left out (default '" + absent + "'); got " + describe(value));
  }

  private static String withinLength(String field, String s, int max) throws ProtocolException {
    if (s.length() > max && s.codePointCount(0, s.length()) > max) {
      throw badRequest(
          field, "must be at most " + max + " characters, got " + s.codePointCount(0, s.length()));
    }
    return s;
  }

  private static ProtocolException badRequest(String field, String problem) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, "field '" + field + "' " + problem);
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    String kind =
        value instanceof String
            ? "a string"
            : value instanceof Number
                ? "a number"
                : value instanceof Boolean
                    ? "a boolean"
                    : value instanceof JsonObject ? "an object" : "an array";
    return kind + " " + abbreviate(Json.encode(value));
  }

  private static String firstLine(String s) {
    String line = String.valueOf(s).lines().findFirst().orElse("");
    line =
        line.startsWith("Failed to decode:") ? line.substring("Failed to decode:".length()) : line;
    return abbreviate(line.strip());
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}

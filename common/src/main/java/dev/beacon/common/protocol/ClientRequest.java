package dev.beacon.common.protocol;

import io.vertx.core.json.JsonObject;

/**
 * A request a client sends in a JSON text frame, as decoded by {@link ClientMessages}. Every
 * request may carry an {@code id} (a String or a Number chosen by the client), echoed in the reply
 * or error it causes; it is null when the client sent none.
 */
public sealed interface ClientRequest {

  /** The client's correlation id: a String, a Number or null. */
  Object id();

  /** The request's {@code type} on the wire. */
  String type();

  /**
   * {@code chat} (or its alias {@code publish}): a message to everyone in {@code room}, the
   * channel. {@code content} is text, {@code data} any JSON value as the exact text the client
   * sent; at least one of them is there, the other is null.
   */
  record Chat(String sender, String content, String room, String data, Object id)
      implements ClientRequest {
    /** A text message, without data. */
    public Chat(String sender, String content, String room, Object id) {
      this(sender, content, room, null, id);
    }

    @Override
    public String type() {
      return "chat";
    }
  }

  /**
   * {@code broadcast}: a message to every connected client; {@code message} text and/or {@code
   * data}, any JSON value as the exact text the client sent (null when absent).
   */
  record Broadcast(String message, String from, String data, Object id) implements ClientRequest {
    /** A text broadcast, without data. */
    public Broadcast(String message, String from, Object id) {
      this(message, from, null, id);
    }

    @Override
    public String type() {
      return "broadcast";
    }
  }

  /** {@code ping}: answered with {@code pong}. */
  record Ping(Object id) implements ClientRequest {
    @Override
    public String type() {
      return "ping";
    }
  }

  /**
   * {@code custom}: an application action with optional data. {@code get_stats} is answered with
   * {@code stats}; what other actions do is up to the gateway. {@code data} is null when absent.
   */
  record Custom(String action, JsonObject data, Object id) implements ClientRequest {
    public static final String GET_STATS = "get_stats";

    @Override
    public String type() {
      return "custom";
    }
  }

  /**
   * {@code subscribe}: join {@code room}; with {@code since}, replay what was delivered after that
   * position.
   */
  record Subscribe(String room, StreamPosition since, Object id) implements ClientRequest {
    @Override
    public String type() {
      return "subscribe";
    }
  }

  /** {@code unsubscribe}: leave {@code room}. */
  record Unsubscribe(String room, Object id) implements ClientRequest {
    @Override
    public String type() {
      return "unsubscribe";
    }
  }

  /**
   * {@code direct}: a message to one client, by its client id; {@code content} text and/or {@code
   * data}, any JSON value as the exact text the client sent (null when absent).
   */
  record Direct(String to, String content, String sender, String data, Object id)
      implements ClientRequest {
    /** A text message, without data. */
    public Direct(String to, String content, String sender, Object id) {
      this(to, content, sender, null, id);
    }

    @Override
    public String type() {
      return "direct";
    }
  }

  /** {@code presence}: who is in {@code room}. */
  record Presence(String room, Object id) implements ClientRequest {
    @Override
    public String type() {
      return "presence";
    }
  }

  /**
   * {@code refresh}: replaces the connection's JWT before it expires, answered with {@code
   * refreshed}. The new token must be valid and name the same subject ({@code sub}) as the one the
   * connection was opened with.
   */
  record Refresh(String token, Object id) implements ClientRequest {
    public static final String TYPE = "refresh";

    @Override
    public String type() {
      return TYPE;
    }
  }

  // Channels: history and presence as APIs (issue 21).

  /**
   * {@code history}: the messages {@code room}'s namespace keeps, at most {@code limit}, oldest
   * first, or newest first when {@code reverse}; with {@code since}, only those after it (oldest
   * first) or before it (newest first), so that a client pages by passing back the {@code next} of
   * the previous answer.
   */
  record History(String room, int limit, StreamPosition since, boolean reverse, Object id)
      implements ClientRequest {
    public static final String TYPE = "history";

    @Override
    public String type() {
      return TYPE;
    }
  }

  /** {@code presence_stats}: how many clients and users are subscribed to {@code room}. */
  record PresenceStats(String room, Object id) implements ClientRequest {
    public static final String TYPE = "presence_stats";

    @Override
    public String type() {
      return TYPE;
    }
  }
}

package dev.beacon.common.protocol;

import dev.beacon.common.gps.FixAttributes;
import dev.beacon.common.gps.FixDetails;
import dev.beacon.common.gps.GpsFix;
import java.util.List;

/**
 * Encodes the server-to-client messages of the real-time messaging protocol as compact JSON text,
 * fields in a fixed order: {@code type} first, then {@code id} when the reply answers a request
 * that had one, then the fields as documented in {@code docs/protocol.md} and {@code
 * docs/schema/*.server.schema.json}.
 *
 * <p>Messages delivered through {@code beacon.deliveries} ({@code chat}, {@code broadcast}, {@code
 * direct}, {@code gps}) are encoded here without {@code pos}: they become a {@link
 * DeliveryRecord#payload()} and the gateway adds the position with {@link
 * DeliveryRecord#frameAt(StreamPosition)}.
 */
public final class ServerMessages {

  private ServerMessages() {}

  /** First message on every connection. */
  public static String welcome(String clientId, String gateway, long serverTime) {
    return JsonText.message("welcome", 96)
        .field("client_id", clientId)
        .field("gateway", gateway)
        .field("server_time", serverTime)
        .close();
  }

  /**
   * The delivery payload (without {@code pos}) of a message record: a chat, broadcast or direct
   * frame.
   */
  public static String payloadOf(MessageRecord r) {
    return switch (r.kind()) {
      case CHAT ->
          JsonText.message("chat", capacity(r))
              .field("sender", r.sender())
              .optional("content", r.content())
              .rawOptional("data", r.data())
              .field("room", r.room())
              .field("client_id", r.clientId())
              .optional("verified_sub", r.verifiedSub())
              .field("timestamp", r.ts())
              .close();
      case BROADCAST ->
          JsonText.message("broadcast", capacity(r))
              .optional("message", r.content())
              .rawOptional("data", r.data())
              .field("from", r.sender())
              .field("client_id", r.clientId())
              .optional("verified_sub", r.verifiedSub())
              .field("timestamp", r.ts())
              .close();
      case DIRECT ->
          JsonText.message("direct", capacity(r))
              .field("sender", r.sender())
              .optional("content", r.content())
              .rawOptional("data", r.data())
              .field("client_id", r.clientId())
              .optional("verified_sub", r.verifiedSub())
              .field("to", r.to())
              .field("timestamp", r.ts())
              .close();
    };
  }

  private static int capacity(MessageRecord r) {
    return 128
        + (r.content() == null ? 0 : r.content().length())
        + (r.data() == null ? 0 : r.data().length());
  }

  /** A chat message in {@code room} by unverified client {@code clientId}, without {@code pos}. */
  public static String chat(
      String sender, String content, String room, String clientId, long timestamp) {
    return chat(sender, content, room, clientId, null, timestamp);
  }

  /**
   * A chat message in {@code room} by client {@code clientId}, verified as {@code verifiedSub}
   * (null: not verified), without {@code pos}.
   */
  public static String chat(
      String sender,
      String content,
      String room,
      String clientId,
      String verifiedSub,
      long timestamp) {
    return JsonText.message("chat", 128 + content.length())
        .field("sender", sender)
        .field("content", content)
        .field("room", room)
        .field("client_id", clientId)
        .optional("verified_sub", verifiedSub)
        .field("timestamp", timestamp)
        .close();
  }

  /** A broadcast by unverified client {@code clientId}, without {@code pos}. */
  public static String broadcast(String message, String from, String clientId, long timestamp) {
    return broadcast(message, from, clientId, null, timestamp);
  }

  /**
   * A broadcast by client {@code clientId}, verified as {@code verifiedSub} (null: not verified),
   * without {@code pos}.
   */
  public static String broadcast(
      String message, String from, String clientId, String verifiedSub, long timestamp) {
    return JsonText.message("broadcast", 128 + message.length())
        .field("message", message)
        .field("from", from)
        .field("client_id", clientId)
        .optional("verified_sub", verifiedSub)
        .field("timestamp", timestamp)
        .close();
  }

  /** Confirms to the author that a broadcast was accepted (held by Kafka). */
  public static String broadcastAck(Object id, long timestamp) {
    return JsonText.message("broadcast_ack", 64).id(id).field("timestamp", timestamp).close();
  }

  public static String pong(String clientId, long serverTime, Object id) {
    return JsonText.message("pong", 96)
        .id(id)
        .field("client_id", clientId)
        .field("server_time", serverTime)
        .close();
  }

  /** The answer to {@code custom} action {@code get_stats}; {@code server_uptime} is in seconds. */
  public static String stats(
      long connectedClients, long uptimeMillis, long totalMessages, Object id) {
    return JsonText.message("stats", 96)
        .id(id)
        .field("connected_clients", connectedClients)
        .seconds("server_uptime", uptimeMillis)
        .field("total_messages", totalMessages)
        .close();
  }

  /**
   * Confirms a subscription.
   *
   * @param recovered true when {@code since} was given and every message after it could be replayed
   * @param latest the position of the newest message in the room, or null when there is none
   * @param missed how many messages were replayed before this reply
   */
  public static String subscribed(
      String room, boolean recovered, StreamPosition latest, long missed, Object id) {
    return JsonText.message("subscribed", 96)
        .id(id)
        .field("room", room)
        .field("recovered", recovered)
        .field("pos", latest == null ? null : latest.toString())
        .field("missed", missed)
        .close();
  }

  public static String unsubscribed(String room, Object id) {
    return JsonText.message("unsubscribed", 64).id(id).field("room", room).close();
  }

  /**
   * A direct message from unverified client {@code clientId} to client {@code to}, without {@code
   * pos}.
   */
  public static String direct(
      String sender, String content, String clientId, String to, long timestamp) {
    return direct(sender, content, clientId, null, to, timestamp);
  }

  /**
   * A direct message from client {@code clientId}, verified as {@code verifiedSub} (null: not
   * verified), to client {@code to}, without {@code pos}.
   */
  public static String direct(
      String sender,
      String content,
      String clientId,
      String verifiedSub,
      String to,
      long timestamp) {
    return JsonText.message("direct", 128 + content.length())
        .field("sender", sender)
        .field("content", content)
        .field("client_id", clientId)
        .optional("verified_sub", verifiedSub)
        .field("to", to)
        .field("timestamp", timestamp)
        .close();
  }

  /** Who is in {@code room}: {@code clients:[{client_id, gateway, connected_at}]}. */
  public static String presence(
      String room, List<PresenceRecord.ClientPresent> clients, Object id) {
    JsonText json =
        JsonText.message("presence", 48 + 96 * clients.size()).id(id).field("room", room);
    StringBuilder list = new StringBuilder(96 * clients.size() + 2).append('[');
    for (PresenceRecord.ClientPresent c : clients) {
      list.append(list.length() == 1 ? "" : ",")
          .append(
              JsonText.object(96)
                  .field("client_id", c.clientId())
                  .field("gateway", c.gateway())
                  .field("connected_at", c.connectedAt())
                  .close());
    }
    return json.raw("clients", list.append(']').toString()).close();
  }

  /**
   * A live fix relayed to the subscribers of {@code room} ({@code gps:<deviceId>} or {@code
   * gps:*}), without {@code pos}: the position, then each detail the device reported ({@code
   * speed}, {@code course}, {@code altitude}, {@code accuracy}, {@code battery}, {@code
   * attributes}; an unreported one is absent), then the room.
   */
  public static String gps(GpsFix fix, String room) {
    FixDetails details = fix.details();
    JsonText text =
        JsonText.message("gps", details.isEmpty() ? 128 : 256)
            .field("device_id", fix.deviceId())
            .field("ts", fix.deviceTs())
            .raw("lat", Double.toString(fix.lat()))
            .raw("lon", Double.toString(fix.lon()));
    if (!details.isEmpty()) {
      optionalNumber(text, "speed", details.speed());
      optionalNumber(text, "course", details.course());
      optionalNumber(text, "altitude", details.altitude());
      optionalNumber(text, "accuracy", details.accuracy());
      optionalNumber(text, "battery", details.battery());
      String attributes = FixAttributes.encode(details.attributes());
      if (attributes != null) {
        text.raw("attributes", attributes);
      }
    }
    return text.field("room", room).close();
  }

  private static void optionalNumber(JsonText text, String name, Double value) {
    if (value != null) {
      text.raw(name, Double.toString(value));
    }
  }

  /**
   * Confirms a {@code refresh}: the connection now lives until {@code expiresAt} (epoch seconds,
   * the token's {@code exp}).
   */
  public static String refreshed(long expiresAt, Object id) {
    return JsonText.message("refreshed", 64).id(id).field("exp", expiresAt).close();
  }

  /**
   * Answers a {@code refresh} whose new token no longer allows some of the connection's rooms: they
   * were left, and {@code left} names them.
   */
  public static String refreshed(long expiresAt, List<String> left, Object id) {
    if (left.isEmpty()) {
      return refreshed(expiresAt, id);
    }
    StringBuilder rooms = new StringBuilder(16 * left.size() + 2).append('[');
    for (int i = 0; i < left.size(); i++) {
      JsonText.quote(i == 0 ? rooms : rooms.append(','), left.get(i));
    }
    return JsonText.message("refreshed", 64 + rooms.length())
        .id(id)
        .field("exp", expiresAt)
        .raw("left", rooms.append(']').toString())
        .close();
  }

  /** An error reply; {@code id} is the request's when it had one. */
  public static String error(Object id, String code, String message) {
    return JsonText.message("error", 64 + message.length())
        .id(id)
        .field("code", code)
        .field("message", message)
        .close();
  }

  // Channels: history, presence_stats, join and leave, server-side subscriptions (issue 21).

  /**
   * The answer to {@code history}: {@code messages} are the frames as delivered live, each with its
   * {@code pos}, in the order asked; {@code top} is the position of the newest message the room's
   * history holds (null when it holds none) and {@code next} the {@code since} that asks for the
   * following page in the same direction (null when this page reached the end).
   *
   * @param frames delivered frames, each already carrying its {@code pos}
   */
  public static String history(
      String room,
      List<String> frames,
      StreamPosition top,
      StreamPosition next,
      boolean reverse,
      Object id) {
    int size = 0;
    for (String frame : frames) {
      size += frame.length() + 1;
    }
    StringBuilder list = new StringBuilder(size + 2).append('[');
    for (String frame : frames) {
      list.append(list.length() == 1 ? "" : ",").append(frame);
    }
    return JsonText.message("history", 160 + size)
        .id(id)
        .field("room", room)
        .field("reverse", reverse)
        .raw("messages", list.append(']').toString())
        .field("top", top == null ? null : top.toString())
        .field("next", next == null ? null : next.toString())
        .close();
  }

  /**
   * The answer to {@code presence_stats}: clients subscribed to {@code room} and distinct users
   * among them (a user is a token's {@code sub}, or an anonymous connection's own id).
   */
  public static String presenceStats(String room, int clients, int users, Object id) {
    return JsonText.message("presence_stats", 96)
        .id(id)
        .field("room", room)
        .field("num_clients", clients)
        .field("num_users", users)
        .close();
  }

  /** A client subscribed to {@code room}: sent to its subscribers when the namespace says so. */
  public static String join(String room, String clientId, String gateway, long connectedAt) {
    return membership("join", room, clientId, gateway, connectedAt);
  }

  /** A client left {@code room} (unsubscribed, or disconnected). */
  public static String leave(String room, String clientId, String gateway, long connectedAt) {
    return membership("leave", room, clientId, gateway, connectedAt);
  }

  private static String membership(
      String type, String room, String clientId, String gateway, long connectedAt) {
    return JsonText.message(type, 128)
        .field("room", room)
        .field("client_id", clientId)
        .field("gateway", gateway)
        .field("connected_at", connectedAt)
        .close();
  }

  /**
   * The server subscribed the connection to {@code room} (its token's {@code channels} claim, or
   * the server API): a {@code subscribed} without {@code id}, marked {@code server}.
   */
  public static String serverSubscribed(String room) {
    return JsonText.message("subscribed", 96)
        .field("room", room)
        .field("recovered", false)
        .field("pos", null)
        .field("missed", 0)
        .field("server", true)
        .close();
  }

  /** The server unsubscribed the connection from {@code room} (the server API). */
  public static String serverUnsubscribed(String room) {
    return JsonText.message("unsubscribed", 64).field("room", room).field("server", true).close();
  }
}

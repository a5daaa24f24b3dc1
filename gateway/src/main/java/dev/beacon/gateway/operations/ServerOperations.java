package dev.beacon.gateway.operations;

import dev.beacon.common.channels.ChannelNamespace;
import dev.beacon.common.protocol.ControlRecord;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.ProtocolException;
import dev.beacon.common.protocol.RawJson;
import dev.beacon.common.protocol.RoomNames;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.Backend;
import dev.beacon.gateway.backend.ChannelHistory;
import dev.beacon.gateway.backend.GeofenceStore;
import dev.beacon.gateway.messaging.ChannelQueries;
import dev.beacon.gateway.messaging.ChannelRefusal;
import dev.beacon.gateway.session.ConnectionHub;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the server side may do to the cluster's clients: count, list, send to one, broadcast,
 * publish into a room, disconnect. Behind both the admin HTTP API and the embedding API. With
 * Kafka, every call is cluster-wide: listings come from presence ({@code beacon.presence}),
 * messages travel through {@code beacon.messages} and the broadcaster like any client's,
 * disconnects through {@code beacon.control} to whichever gateway holds the client.
 *
 * <p>Arguments are validated here: a bad one throws {@link IllegalArgumentException} whose message
 * says what to fix. Futures succeed once Kafka holds the message or command, not once the client
 * read it. Thread-safe.
 */
public final class ServerOperations {

  /** The {@code client_id} of messages written by the server API, as their author. */
  public static final String API_CLIENT_ID = "beacon-api";

  /** The {@code sender} / {@code from} of server messages when the caller names none. */
  public static final String DEFAULT_SENDER = "server";

  public static final int MAX_SENDER_LENGTH = 64;

  private final String gatewayId;
  private final int maxTextBytes;
  private final Backend backend;
  private final ConnectionHub hub;
  private final ChannelQueries channels;

  public ServerOperations(
      String gatewayId,
      int maxTextBytes,
      Backend backend,
      ConnectionHub hub,
      ChannelQueries channels) {
    this.gatewayId = gatewayId;
    this.maxTextBytes = maxTextBytes;
    this.backend = backend;
    this.hub = hub;
    this.channels = channels;
  }

  /** Messaging clients connected across the cluster. */
  public int count() {
    return backend.presence().connectedClients();
  }

  /**
   * Messaging clients connected across the cluster: gateway, remote address, rooms, connected at.
   */
  public List<ClientPresent> clients() {
    return backend.presence().clients();
  }

  /** Whether {@code clientId} is connected anywhere (as a messaging client) or to this gateway. */
  public boolean isConnected(String clientId) {
    return backend.presence().isConnected(clientId) || hub.isLocal(clientId);
  }

  /** A {@code direct} message from {@code from} to one client, and to no one else. */
  public Future<Void> send(String clientId, String text, String from) {
    requireText(clientId, "client id");
    return backend
        .messages()
        .publish(
            MessageRecord.direct(
                clientId,
                API_CLIENT_ID,
                gatewayId,
                sender(from),
                text(text),
                System.currentTimeMillis()));
  }

  /**
   * A {@code broadcast} to every client when {@code room} is null, otherwise a {@code chat} in
   * {@code room}.
   */
  public Future<Void> broadcast(String text, String room, String from) {
    if (room != null) {
      return publish(room, text, from);
    }
    return backend
        .messages()
        .publish(
            MessageRecord.broadcast(
                API_CLIENT_ID, gatewayId, sender(from), text(text), System.currentTimeMillis()));
  }

  /** A {@code chat} message in {@code room}, as if a client named {@code from} had written it. */
  public Future<Void> publish(String room, String text, String from) {
    return publish(room, text, null, from);
  }

  /**
   * A {@code chat} message in {@code room} with text {@code text} and/or JSON payload {@code data}
   * (the exact text of any JSON value, delivered byte for byte); {@link ChannelRefusal} {@code
   * payload_too_large} when the two are above the room's namespace's {@code maxPayloadBytes}.
   */
  public Future<Void> publish(String room, String text, String data, String from) {
    String checked = room(room);
    Payload payload = payload(text, data, List.of(checked));
    return backend
        .messages()
        .publish(
            MessageRecord.chat(
                checked,
                API_CLIENT_ID,
                gatewayId,
                sender(from),
                payload.text(),
                payload.data(),
                System.currentTimeMillis()));
  }

  /** A message's text and JSON payload, either of which may be null but not both. */
  private record Payload(String text, String data) {}

  private Payload payload(String text, String data, List<String> rooms) {
    if (data == null) {
      return new Payload(text(text), null);
    }
    String body = text == null ? null : text(text);
    int size = (body == null ? 0 : RawJson.utf8Length(body)) + RawJson.utf8Length(data);
    for (String room : rooms) {
      ChannelNamespace ns = channels.namespaces().of(room);
      if (size > ns.maxPayloadBytes()) {
        throw new ChannelRefusal(
            ErrorCode.PAYLOAD_TOO_LARGE,
            "the message's payload is "
                + size
                + " bytes, more than the "
                + ns.maxPayloadBytes()
                + " channel '"
                + room
                + "' allows (namespace '"
                + ns.name()
                + "', maxPayloadBytes); send less, or split it");
      }
    }
    return new Payload(body, data);
  }

  /**
   * Closes the client's connection with {@code code} and {@code reason}, on whichever gateway holds
   * it.
   */
  public Future<Void> disconnect(String clientId, int code, String reason) {
    requireText(clientId, "client id");
    return backend.control().send(new ControlRecord(clientId, code, reason));
  }

  private String text(String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          "missing 'message': send the text to deliver, or any JSON value in 'data'");
    }
    requireText(text, "message");
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxTextBytes) {
      throw new IllegalArgumentException(
          "message is "
              + bytes
              + " bytes of UTF-8; at most "
              + maxTextBytes
              + " fit in a client frame (BEACON_MAX_MESSAGE_SIZE)");
    }
    return text;
  }

  // Channels (issue 21): Centrifugo's server API, on Beacon's rooms.

  /** Most rooms one {@code broadcast} to channels may name. */
  public static final int MAX_BROADCAST_ROOMS = 100;

  /**
   * The same {@code chat} message in each of {@code rooms} (Centrifugo's {@code broadcast}); the
   * future succeeds once Kafka holds all of them.
   */
  public Future<Void> publishToEach(List<String> rooms, String text, String from) {
    return publishToEach(rooms, text, null, from);
  }

  /**
   * The same {@code chat} message, with text {@code text} and/or JSON payload {@code data}, in each
   * of {@code rooms}; refused whole ({@code payload_too_large}) when any room's namespace allows
   * less.
   */
  public Future<Void> publishToEach(List<String> rooms, String text, String data, String from) {
    if (rooms == null || rooms.isEmpty() || rooms.size() > MAX_BROADCAST_ROOMS) {
      throw new IllegalArgumentException(
          "'channels' must name 1 to " + MAX_BROADCAST_ROOMS + " rooms to publish to");
    }
    List<String> checked = rooms.stream().map(ServerOperations::room).distinct().toList();
    Payload payload = payload(text, data, checked);
    String sender = sender(from);
    long now = System.currentTimeMillis();
    List<Future<Void>> sent = new ArrayList<>(checked.size());
    for (String room : checked) {
      sent.add(
          backend
              .messages()
              .publish(
                  MessageRecord.chat(
                      room,
                      API_CLIENT_ID,
                      gatewayId,
                      sender,
                      payload.text(),
                      payload.data(),
                      now)));
    }
    return Future.all(sent).mapEmpty();
  }

  /** A page of {@code room}'s history ({@link ChannelQueries#history}). */
  public Future<ChannelHistory.Page> history(
      String room, int limit, StreamPosition since, boolean reverse) {
    return channels.history(subscribable(room), limit, since, reverse);
  }

  /** The clients subscribed to {@code room}; {@link ChannelRefusal} when presence is off. */
  public List<ClientPresent> presence(String room) {
    return channels.presence(subscribable(room));
  }

  public ChannelQueries.Stats presenceStats(String room) {
    return channels.presenceStats(subscribable(room));
  }

  /**
   * The rooms with at least one subscriber across the cluster and how many each has, by name; only
   * those matching {@code pattern} ({@code *} stands for any characters) when it is not null.
   */
  public SortedMap<String, Integer> activeChannels(String pattern) {
    Pattern wanted = pattern == null || pattern.isEmpty() ? null : glob(pattern);
    SortedMap<String, Integer> counts = new TreeMap<>();
    for (ClientPresent c : backend.presence().clients()) {
      for (String room : c.rooms()) {
        if (wanted == null || wanted.matcher(room).matches()) {
          counts.merge(room, 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  /**
   * Subscribes the connected client {@code clientId} to {@code room} on whichever gateway holds it
   * (through {@code beacon.control}); the client gets a {@code subscribed} marked {@code server}.
   */
  public Future<Void> subscribe(String clientId, String room) {
    requireText(clientId, "client id");
    return backend.control().send(ControlRecord.subscribe(clientId, subscribable(room)));
  }

  /** Unsubscribes the connected client {@code clientId} from {@code room}, wherever it is. */
  public Future<Void> unsubscribe(String clientId, String room) {
    requireText(clientId, "client id");
    return backend.control().send(ControlRecord.unsubscribe(clientId, subscribable(room)));
  }

  private static Pattern glob(String pattern) {
    if (pattern.length() > RoomNames.MAX_LENGTH + 8) {
      throw new IllegalArgumentException(
          "'pattern' must be at most " + (RoomNames.MAX_LENGTH + 8) + " characters");
    }
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      regex.append(regex.length() == 0 ? "" : ".*").append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  private static String subscribable(String room) {
    requireText(room, "room");
    try {
      return RoomNames.checkSubscribable("room", room);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Device keys: make, list, revoke; cluster-wide when the gateway runs on Kafka. */
  public DeviceKeyOperations deviceKeys() {
    return new DeviceKeyOperations(backend.deviceKeys());
  }

  /** Geofences: make, list, change, delete; cluster-wide when the gateway runs on Kafka. */
  public GeofenceStore geofences() {
    return backend.geofences();
  }

  private static String sender(String from) {
    if (from == null || from.isBlank()) {
      return DEFAULT_SENDER;
    }
    if (from.length() > MAX_SENDER_LENGTH) {
      throw new IllegalArgumentException(
          "'from' must be at most " + MAX_SENDER_LENGTH + " characters");
    }
    return from;
  }

  private static String room(String room) {
    requireText(room, "room");
    try {
      return RoomNames.checkPublishable("room", room);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("missing " + what);
    }
  }
}

package dev.beacon.gateway.operations;

import dev.beacon.common.protocol.ControlRecord;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.ProtocolException;
import dev.beacon.common.protocol.RoomNames;
import dev.beacon.gateway.backend.Backend;
import dev.beacon.gateway.backend.GeofenceStore;
import dev.beacon.gateway.session.ConnectionHub;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

  public ServerOperations(String gatewayId, int maxTextBytes, Backend backend, ConnectionHub hub) {
    this.gatewayId = gatewayId;
    this.maxTextBytes = maxTextBytes;
    this.backend = backend;
    this.hub = hub;
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
    return backend
        .messages()
        .publish(
            MessageRecord.chat(
                room(room),
                API_CLIENT_ID,
                gatewayId,
                sender(from),
                text(text),
                System.currentTimeMillis()));
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

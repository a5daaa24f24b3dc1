package dev.beacon.gateway.backend;

import dev.beacon.common.protocol.PresenceRecord.ClientConnected;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import java.util.Collection;
import java.util.List;

/**
 * Presence across every gateway the backend knows of, both ways: sessions say who they are and
 * which rooms they follow (on becoming a messaging client, on each subscription change, one record
 * for that room, never the whole list, and on leaving), and {@code get_stats}, {@code presence} and
 * the recipient check of {@code direct} ask who is connected. Called from event loops: thread-safe,
 * never blocks. What it answers may lag behind reality by the time presence takes to travel between
 * gateways.
 */
public interface ClusterPresence {

  /** The client is connected, with no rooms yet. */
  void connected(ClientConnected connection);

  /** The connection now follows {@code room}. */
  void joined(ClientConnected connection, String room);

  /** The client no longer follows {@code room}. */
  void leftRoom(String clientId, String room);

  /** The client disconnected: each of {@code rooms} is left, then the client. */
  void left(String clientId, Collection<String> rooms);

  /** Messaging clients connected. */
  int connectedClients();

  /** Every messaging client connected, in no particular order. */
  List<ClientPresent> clients();

  /** The clients subscribed to {@code room}. */
  List<ClientPresent> members(String room);

  boolean isConnected(String clientId);
}

package dev.beacon.gateway;

import dev.beacon.common.protocol.PresenceRecord.ClientConnected;
import java.util.Collection;

/**
 * Where sessions report their presence: on becoming a messaging client, on each subscription change (one record
 * for that room, never the whole list), and on leaving. Called from event loops; never blocks; thread-safe.
 */
public interface PresencePublisher {

  /** The client is connected, with no rooms yet. */
  void connected(ClientConnected connection);

  /** The connection now follows {@code room}. */
  void joined(ClientConnected connection, String room);

  /** The client no longer follows {@code room}. */
  void leftRoom(String clientId, String room);

  /** The client disconnected: each of {@code rooms} is left, then the client. */
  void left(String clientId, Collection<String> rooms);
}

package dev.beacon.gateway;

import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import java.util.List;

/**
 * Who is connected, across every gateway the view knows of: answers {@code get_stats}, {@code presence} and
 * the recipient check of {@code direct}. Read from any event loop, so thread-safe; it may lag behind reality
 * by the time presence takes to travel.
 */
public interface ClusterView {

  /** Messaging clients connected. */
  int connectedClients();

  /** Every messaging client connected, in no particular order. */
  List<ClientPresent> clients();

  /** The clients subscribed to {@code room}. */
  List<ClientPresent> members(String room);

  boolean isConnected(String clientId);
}

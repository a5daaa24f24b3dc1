package dev.beacon.gateway;

import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A view of this process only: the messaging sessions of every verticle, as they report themselves. Used when
 * the gateway runs without Kafka presence (tests, embedding).
 */
public final class LocalClusterView implements ClusterView, PresencePublisher {

  private final Map<String, ClientPresent> clients = new ConcurrentHashMap<>();

  @Override
  public void present(ClientPresent state) {
    clients.put(state.clientId(), state);
  }

  @Override
  public void left(String clientId) {
    clients.remove(clientId);
  }

  @Override
  public int connectedClients() {
    return clients.size();
  }

  @Override
  public List<ClientPresent> clients() {
    return List.copyOf(clients.values());
  }

  @Override
  public List<ClientPresent> members(String room) {
    return clients.values().stream().filter(c -> c.rooms().contains(room)).toList();
  }

  @Override
  public boolean isConnected(String clientId) {
    return clients.containsKey(clientId);
  }
}

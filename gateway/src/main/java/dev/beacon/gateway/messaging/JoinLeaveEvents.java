package dev.beacon.gateway.messaging;

import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientConnected;
import dev.beacon.common.protocol.PresenceRecord.ClientLeft;
import dev.beacon.common.protocol.PresenceRecord.GatewayGone;
import dev.beacon.common.protocol.PresenceRecord.RoomJoined;
import dev.beacon.common.protocol.PresenceRecord.RoomLeft;
import dev.beacon.common.protocol.ServerMessages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Turns the memberships of {@code beacon.presence}, as every gateway reads them in the topic's
 * order, into {@code join} and {@code leave} events for the rooms whose namespace enables {@code
 * joinLeave}, handed to this gateway's local members of the room. Each gateway reads the same
 * records in the same order per client, so each derives the same events: one {@code join} per
 * client and room when its membership first appears, one {@code leave} when it goes (unsubscribe,
 * disconnect, the connection replaced by a newer one of the same client id, or its gateway's
 * shutdown), on every gateway. A client is its client id (the token's {@code sub}): a second
 * connection of the same client replaces the first in presence, and makes no second {@code join}.
 *
 * <p>Fed only from the topic, never from this gateway's own records applied ahead of it, so a
 * record seen twice is one event. Holds the memberships of the enabled rooms only. Called on the
 * presence reader's thread.
 */
public final class JoinLeaveEvents {

  private final ChannelNamespaces namespaces;
  private final BiConsumer<String, String> toMembers;

  /** room -> client id -> its connection. */
  private final Map<String, Map<String, Connection>> rooms = new HashMap<>();

  /** client id -> rooms it is a member of here. */
  private final Map<String, Set<String>> byClient = new HashMap<>();

  private record Connection(String gateway, long connectedAt) {}

  /**
   * @param toMembers takes a room and an event frame, for the room's local members
   */
  public JoinLeaveEvents(ChannelNamespaces namespaces, BiConsumer<String, String> toMembers) {
    this.namespaces = namespaces;
    this.toMembers = toMembers;
  }

  /** Takes one record of {@code beacon.presence}, in the topic's order. */
  public synchronized void heard(PresenceRecord record) {
    if (record instanceof RoomJoined m) {
      if (!namespaces.of(m.room()).joinLeave()) {
        return;
      }
      Connection now = new Connection(m.gateway(), m.connectedAt());
      Connection before =
          rooms.computeIfAbsent(m.room(), r -> new HashMap<>()).put(m.clientId(), now);
      byClient.computeIfAbsent(m.clientId(), c -> new LinkedHashSet<>()).add(m.room());
      if (before == null) {
        toMembers.accept(
            m.room(), ServerMessages.join(m.room(), m.clientId(), m.gateway(), m.connectedAt()));
      }
    } else if (record instanceof RoomLeft m) {
      leave(m.clientId(), m.room(), null);
    } else if (record instanceof ClientLeft c) {
      leaveAll(c.clientId(), null);
    } else if (record instanceof ClientConnected c) {
      // A newer connection of the same client: the old one's memberships are gone; it joins anew.
      leaveAll(c.clientId(), new Connection(c.gateway(), c.connectedAt()));
    } else if (record instanceof GatewayGone g) {
      List<String> clients = new ArrayList<>();
      rooms
          .values()
          .forEach(
              members ->
                  members.forEach(
                      (client, connection) -> {
                        if (connection.gateway().equals(g.gateway())) {
                          clients.add(client);
                        }
                      }));
      clients.stream().distinct().forEach(client -> leaveAll(client, null));
    }
  }

  /** Memberships held, over all enabled rooms. */
  public synchronized int memberships() {
    return rooms.values().stream().mapToInt(Map::size).sum();
  }

  /** Leaves every room of {@code clientId} whose connection is not {@code kept}. */
  private void leaveAll(String clientId, Connection kept) {
    Set<String> its = byClient.get(clientId);
    if (its != null) {
      for (String room : List.copyOf(its)) {
        leave(clientId, room, kept);
      }
    }
  }

  private void leave(String clientId, String room, Connection kept) {
    Map<String, Connection> members = rooms.get(room);
    Connection was = members == null ? null : members.get(clientId);
    if (was == null || was.equals(kept)) {
      return;
    }
    members.remove(clientId);
    if (members.isEmpty()) {
      rooms.remove(room);
    }
    Set<String> its = byClient.get(clientId);
    if (its != null && its.remove(room) && its.isEmpty()) {
      byClient.remove(clientId);
    }
    toMembers.accept(room, ServerMessages.leave(room, clientId, was.gateway(), was.connectedAt()));
  }
}

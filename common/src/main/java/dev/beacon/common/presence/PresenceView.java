package dev.beacon.common.presence;

import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientConnected;
import dev.beacon.common.protocol.PresenceRecord.ClientLeft;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.PresenceRecord.GatewayAlive;
import dev.beacon.common.protocol.PresenceRecord.GatewayGone;
import dev.beacon.common.protocol.PresenceRecord.RoomJoined;
import dev.beacon.common.protocol.PresenceRecord.RoomLeft;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is connected where, as told by {@code beacon.presence}: the one model every reader of that
 * topic uses (each gateway for {@code presence}, {@code get_stats} and the check before a {@code
 * direct}, the broadcaster for routing a {@code direct} and for relaying GPS only to rooms with
 * members). {@link #apply} each record in log order; query from any thread.
 *
 * <p>The liveness rule, in one place: a client counts as present at the time asked when its latest
 * record is {@link ClientPresent} and its gateway
 *
 * <ul>
 *   <li>heartbeated less than {@value PresenceRecord#STALE_AFTER_PERIODS} of its own periods ago
 *       (each heartbeat carries the period it was written with, {@link GatewayAlive#isStale}), or
 *   <li>has not been heard of yet, and the client connected less than {@value
 *       PresenceRecord#STALE_AFTER_PERIODS} default periods ago: a gateway may announce a client
 *       before its first heartbeat reaches this reader (another partition), while a gateway that
 *       never heartbeats is treated like a dead one.
 * </ul>
 *
 * A gateway's tombstone ({@link GatewayGone}) makes all its clients absent until it heartbeats
 * again.
 *
 * <p>Both record formats build the same entries: a format 1 {@link ClientPresent} replaces the
 * client's entry and rooms; a format 2 {@link ClientConnected} starts an entry with no rooms (or
 * leaves the rooms of the same connection as they are, when a record is applied twice), {@link
 * RoomJoined} and {@link RoomLeft} add and remove one room, and {@link ClientLeft} removes the
 * entry with all its rooms. A membership of another connection than the entry's (memberships a dead
 * gateway left behind, before a reconnect) is ignored.
 *
 * <p>Rooms are indexed, so {@link #members} and {@link #hasMembers} cost the size of the room, not
 * of the cluster. Times are the gateways' clocks compared with the caller's {@code now}: clocks
 * that disagree by more than a few periods make clients look absent or present for too long.
 */
public final class PresenceView {

  private static final Comparator<ClientPresent> BY_ARRIVAL =
      Comparator.comparingLong(ClientPresent::connectedAt).thenComparing(ClientPresent::clientId);
  private static final long UNKNOWN_GATEWAY_GRACE_MILLIS =
      PresenceRecord.STALE_AFTER_PERIODS * PresenceRecord.DEFAULT_PERIOD_MILLIS;

  private final Map<String, ClientPresent> clients = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> roomIndex = new ConcurrentHashMap<>();
  private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();

  /**
   * What the view knows of a gateway: its last heartbeat, or that it shut down (heartbeat null).
   */
  private record Gateway(GatewayAlive heartbeat) {
    boolean gone() {
      return heartbeat == null;
    }
  }

  /**
   * Takes in one record of {@code beacon.presence}; records of one key must come in log order.
   * Writers are serialised (a gateway applies its own records at once and the topic's as they
   * arrive); readers never wait.
   */
  public synchronized void apply(PresenceRecord record) {
    if (record instanceof ClientPresent c) {
      replace(c);
    } else if (record instanceof ClientConnected c) {
      ClientPresent before = clients.get(c.clientId());
      if (before == null || !before.sameConnection(c.gateway(), c.connectedAt())) {
        replace(
            new ClientPresent(c.clientId(), c.gateway(), c.remote(), c.connectedAt(), List.of()));
      }
    } else if (record instanceof RoomJoined m) {
      ClientPresent before = clients.get(m.clientId());
      if (before != null
          && before.sameConnection(m.gateway(), m.connectedAt())
          && !before.rooms().contains(m.room())) {
        List<String> rooms = new ArrayList<>(before.rooms().size() + 1);
        rooms.addAll(before.rooms());
        rooms.add(m.room());
        clients.put(m.clientId(), before.withRooms(rooms));
        roomIndex.computeIfAbsent(m.room(), r -> ConcurrentHashMap.newKeySet()).add(m.clientId());
      }
    } else if (record instanceof RoomLeft m) {
      ClientPresent before = clients.get(m.clientId());
      if (before != null && before.rooms().contains(m.room())) {
        clients.put(
            m.clientId(),
            before.withRooms(before.rooms().stream().filter(r -> !r.equals(m.room())).toList()));
        unindex(m.clientId(), m.room());
      }
    } else if (record instanceof ClientLeft c) {
      ClientPresent before = clients.remove(c.clientId());
      if (before != null) {
        reindex(c.clientId(), before.rooms(), List.of());
      }
    } else if (record instanceof GatewayAlive g) {
      Gateway known = gateways.get(g.gateway());
      // The gateway's own records reach its view twice (at once, then from the topic): keep the
      // newest.
      if (known == null || known.gone() || g.aliveAt() >= known.heartbeat().aliveAt()) {
        gateways.put(g.gateway(), new Gateway(g));
      }
    } else if (record instanceof GatewayGone g) {
      gateways.put(g.gateway(), new Gateway(null));
    }
  }

  /** The client's entry when it is present at {@code nowMillis}. */
  public Optional<ClientPresent> client(String clientId, long nowMillis) {
    ClientPresent c = clients.get(clientId);
    return c != null && isLive(c, nowMillis) ? Optional.of(c) : Optional.empty();
  }

  public boolean isPresent(String clientId, long nowMillis) {
    return client(clientId, nowMillis).isPresent();
  }

  /** How many clients are present at {@code nowMillis}, over all gateways. */
  public int count(long nowMillis) {
    int count = 0;
    for (ClientPresent c : clients.values()) {
      if (isLive(c, nowMillis)) {
        count++;
      }
    }
    return count;
  }

  /** Every client present at {@code nowMillis}, in the order they connected. */
  public List<ClientPresent> clients(long nowMillis) {
    return clients.values().stream().filter(c -> isLive(c, nowMillis)).sorted(BY_ARRIVAL).toList();
  }

  /** The present clients subscribed to {@code room}, in the order they connected. */
  public List<ClientPresent> members(String room, long nowMillis) {
    Set<String> ids = roomIndex.get(room);
    if (ids == null) {
      return List.of();
    }
    List<ClientPresent> members = new ArrayList<>(ids.size());
    for (String id : ids) {
      ClientPresent c = clients.get(id);
      if (c != null && c.rooms().contains(room) && isLive(c, nowMillis)) {
        members.add(c);
      }
    }
    members.sort(BY_ARRIVAL);
    return members;
  }

  /**
   * Whether any client present at {@code nowMillis} is subscribed to {@code room}; costs the room's
   * size at most.
   */
  public boolean hasMembers(String room, long nowMillis) {
    Set<String> ids = roomIndex.get(room);
    if (ids == null) {
      return false;
    }
    for (String id : ids) {
      ClientPresent c = clients.get(id);
      if (c != null && c.rooms().contains(room) && isLive(c, nowMillis)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code gateway} heartbeated recently enough at {@code nowMillis}. */
  public boolean isGatewayAlive(String gateway, long nowMillis) {
    Gateway g = gateways.get(gateway);
    return g != null && !g.gone() && !g.heartbeat().isStale(nowMillis);
  }

  /** Entries held, present or not; entries of dead gateways stay until their tombstones arrive. */
  public int entries() {
    return clients.size();
  }

  /** Rooms with at least one entry in the index. */
  public int rooms() {
    return roomIndex.size();
  }

  private boolean isLive(ClientPresent c, long nowMillis) {
    Gateway g = gateways.get(c.gateway());
    if (g == null) {
      return nowMillis - c.connectedAt() <= UNKNOWN_GATEWAY_GRACE_MILLIS;
    }
    return !g.gone() && !g.heartbeat().isStale(nowMillis);
  }

  private void replace(ClientPresent c) {
    ClientPresent before = clients.put(c.clientId(), c);
    reindex(c.clientId(), before == null ? List.of() : before.rooms(), c.rooms());
  }

  private void reindex(String clientId, List<String> before, List<String> after) {
    Set<String> kept = Set.copyOf(after);
    for (String room : before) {
      if (!kept.contains(room)) {
        unindex(clientId, room);
      }
    }
    for (String room : after) {
      roomIndex.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(clientId);
    }
  }

  private void unindex(String clientId, String room) {
    roomIndex.computeIfPresent(
        room,
        (r, ids) -> {
          ids.remove(clientId);
          return ids.isEmpty() ? null : ids;
        });
  }
}

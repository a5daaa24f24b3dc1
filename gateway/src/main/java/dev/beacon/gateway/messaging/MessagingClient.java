package dev.beacon.gateway.messaging;

import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientConnected;
import dev.beacon.common.protocol.RoomNames;
import dev.beacon.common.protocol.ServerMessages;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.ClusterPresence;
import dev.beacon.gateway.backend.Recovery;
import dev.beacon.gateway.edge.OutboundFrame;
import dev.beacon.gateway.security.SessionGuard;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messaging side of one connection: whether it is a messaging client yet, its rooms, and the
 * deliveries written to it. Confined to the connection's event loop.
 *
 * <p>Deliveries are written straight to the socket, ahead of request replies still waiting for
 * their turn. One budget per connection: the bytes the socket holds unread (replies, pongs and
 * deliveries alike) plus the deliveries held back here; above {@code maxOutboundBytes} the
 * connection is closed with {@value CloseCodes#SLOW_CONSUMER}. Until its {@code welcome} is
 * written, deliveries are held back, so {@code welcome} is always its first messaging frame. While
 * a room is being recovered, its live deliveries are held back too and released after the replay,
 * minus what it replayed.
 */
public final class MessagingClient implements LocalDirectory.Recipient {

  /** What the session lends its messaging side. */
  public interface Connection {
    /**
     * Queues {@code text} behind the replies owed so far; runs {@code afterWritten} once it is
     * written.
     */
    void reply(String text, Runnable afterWritten);

    /**
     * Writes a delivery; from then on it counts in {@link #queuedBytes()} until the client read it.
     */
    void write(OutboundFrame frame);

    /** Bytes written to the client and not read by it yet: replies, pongs and deliveries. */
    long queuedBytes();

    void close(short code, String reason);
  }

  private final String clientId;
  private final String gatewayId;
  private final String remote;
  private final Connection connection;
  private final LocalDirectory directory;
  private final ClusterPresence presence;
  private final long maxOutboundBytes;
  private final int maxRooms;
  private final SessionGuard guard;
  // The collections below are created when first needed: most device connections never become
  // messaging
  // clients, and a connection's heap is what limits how many a gateway holds (docs/benchmarks.md).
  private Set<String> rooms;

  /** Deliveries that arrived before {@code welcome} was written; null once it was. */
  private ArrayDeque<OutboundFrame> heldBack;

  /**
   * Per room, the offset of the first live delivery since joining: the replay of a recovery stops
   * there.
   */
  private Map<String, Long> firstLive;

  private Map<String, List<Held>> recovering;
  private long connectedAt;

  /**
   * Replays of this connection's {@code subscribe} with {@code since} that have not answered yet.
   */
  private int replaysInFlight;

  /** Bytes of the deliveries held back here, not yet handed to the socket. */
  private long heldBytes;

  private boolean active;
  private boolean welcomed;
  private boolean released;

  public MessagingClient(
      String clientId,
      String gatewayId,
      String remote,
      Connection connection,
      LocalDirectory directory,
      ClusterPresence presence,
      Limits limits,
      SessionGuard guard) {
    this.clientId = clientId;
    this.guard = guard;
    this.gatewayId = gatewayId;
    this.remote = remote;
    this.connection = connection;
    this.directory = directory;
    this.presence = presence;
    this.maxOutboundBytes = limits.maxOutboundBytes();
    this.maxRooms = limits.maxRooms();
  }

  /**
   * What one connection may make the gateway hold for it.
   *
   * @param maxOutboundBytes deliveries written and not yet flushed before the connection is closed
   * @param maxRooms rooms it may follow at once, 0 for no limit
   */
  public record Limits(long maxOutboundBytes, int maxRooms) {}

  @Override
  public String clientId() {
    return clientId;
  }

  /** What the connection's token allows; also where a {@code refresh} goes. */
  public SessionGuard guard() {
    return guard;
  }

  /**
   * Makes the connection a messaging client, once: {@code welcome} queued, member of the default
   * room unless its token's {@code rooms} claim leaves that room out.
   */
  public void activate() {
    if (active || released) {
      return;
    }
    active = true;
    connectedAt = System.currentTimeMillis();
    connection.reply(ServerMessages.welcome(clientId, gatewayId, connectedAt), this::welcomed);
    directory.add(this);
    presence.connected(presenceState());
    if (guard.mayJoin(RoomNames.DEFAULT_ROOM)) {
      join(RoomNames.DEFAULT_ROOM);
    }
    for (String room : guard.serverChannels()) {
      serverSubscribe(room);
    }
    // Proxy hooks: the channels the connect hook gave, on the server's behalf like the token's.
    for (String channel : guard.backendChannels()) {
      serverSubscribe(channel);
    }
  }

  /** Closes the connection: a proxy hook's backend asked for it with {@code code}. */
  public void disconnect(short code, String reason) {
    connection.close(code, reason);
  }

  /**
   * Subscribes the connection to {@code room} on the server's behalf (its token's {@code channels}
   * claim, or the server API), and says so with a {@code subscribed} marked {@code server}; a room
   * beyond {@code BEACON_MAX_ROOMS_PER_CONNECTION} is not joined.
   *
   * @return false when the room was not joined: the connection is gone or has no room left
   */
  public boolean serverSubscribe(String room) {
    if (released) {
      return false;
    }
    activate();
    if (!hasRoomFor(room)) {
      return false;
    }
    if (rooms == null || !rooms.contains(room)) {
      join(room);
      connection.reply(ServerMessages.serverSubscribed(room), () -> {});
    }
    return true;
  }

  /** Unsubscribes the connection from {@code room} on the server's behalf, and says so. */
  public void serverUnsubscribe(String room) {
    if (!released && rooms != null && rooms.contains(room)) {
      leave(room);
      connection.reply(ServerMessages.serverUnsubscribed(room), () -> {});
    }
  }

  /**
   * Writes an event that has no position in the room's stream (a {@code join} or a {@code leave}),
   * counted against the connection's outbound budget like a delivery.
   */
  @Override
  public void event(OutboundFrame frame) {
    if (!released && active && reserve(frame)) {
      send(frame);
    }
  }

  /**
   * Whether joining {@code room} keeps the connection within its room limit (a room it follows
   * always does).
   */
  boolean hasRoomFor(String room) {
    return maxRooms == 0 || rooms == null || rooms.size() < maxRooms || rooms.contains(room);
  }

  int maxRooms() {
    return maxRooms;
  }

  void join(String room) {
    if (rooms == null) {
      rooms = new LinkedHashSet<>(4);
    }
    if (rooms.add(room)) {
      directory.join(this, room);
      presence.joined(presenceState(), room);
    }
  }

  void leave(String room) {
    if (firstLive != null) {
      firstLive.remove(room);
    }
    if (recovering != null) {
      drop(recovering.remove(room));
    }
    if (rooms != null && rooms.remove(room)) {
      directory.leave(this, room);
      presence.leftRoom(clientId, room);
    }
  }

  /**
   * Leaves every room the connection's token no longer allows (after a {@code refresh}).
   *
   * @return the rooms left, in the order they were joined
   */
  List<String> leaveRoomsNotGranted() {
    if (rooms == null) {
      return List.of();
    }
    List<String> revoked = rooms.stream().filter(room -> !guard.mayJoin(room)).toList();
    revoked.forEach(this::leave);
    return revoked;
  }

  ClientConnected presenceState() {
    return new ClientConnected(clientId, gatewayId, remote, connectedAt);
  }

  @Override
  public void deliver(OutboundFrame frame, DeliveryRecord delivery, StreamPosition pos) {
    if (released) {
      return;
    }
    if (delivery.target() == DeliveryRecord.Target.ROOM) {
      if (firstLive == null) {
        firstLive = new HashMap<>(4);
      }
      firstLive.putIfAbsent(delivery.room(), pos.offset());
      List<Held> held = recovering == null ? null : recovering.get(delivery.room());
      if (held != null) {
        if (reserve(frame)) {
          held.add(new Held(frame, pos));
        }
        return;
      }
    }
    if (reserve(frame)) {
      send(frame);
    }
  }

  /**
   * Starts holding back the live deliveries of {@code room}, already joined.
   *
   * @return the offset where its live deliveries began: a replay stops before it
   */
  long startRecovery(String room) {
    // A second subscribe with since during a recovery shares its hold-back; the first to finish
    // releases it.
    if (recovering == null) {
      recovering = new HashMap<>(4);
    }
    recovering.putIfAbsent(room, new ArrayList<>());
    return firstLive == null ? Long.MAX_VALUE : firstLive.getOrDefault(room, Long.MAX_VALUE);
  }

  int replaysInFlight() {
    return replaysInFlight;
  }

  void replayStarted() {
    replaysInFlight++;
  }

  void replayEnded() {
    replaysInFlight--;
  }

  /**
   * Writes the replayed deliveries, then the live ones held back meanwhile that the replay did not
   * cover.
   *
   * @return the position of the newest delivery written, or null when there was none
   */
  StreamPosition finishRecovery(String room, List<Recovery.Missed> replayed) {
    List<Held> held = recovering == null ? null : recovering.remove(room);
    if (released || rooms == null || !rooms.contains(room)) {
      drop(held);
      return null;
    }
    StreamPosition latest = null;
    long lastReplayed = -1;
    for (Recovery.Missed missed : replayed) {
      OutboundFrame frame = new OutboundFrame(missed.delivery().frameAt(missed.pos()));
      if (released || !reserve(frame)) {
        return latest;
      }
      send(frame);
      latest = missed.pos();
      lastReplayed = missed.pos().offset();
    }
    for (Held h : held == null ? List.<Held>of() : held) {
      if (h.pos().offset() > lastReplayed && !released) {
        send(h.frame());
        latest = h.pos();
      } else {
        heldBytes -= h.frame().size();
      }
    }
    return latest;
  }

  /** Gives back the bytes of held-back frames that will never be written. */
  private void drop(List<Held> held) {
    if (held != null) {
      held.forEach(h -> heldBytes -= h.frame().size());
    }
  }

  /**
   * Counts a frame against the connection's budget, as held here until {@link #write}; false (and
   * the connection closing) when it does not fit.
   */
  private boolean reserve(OutboundFrame frame) {
    if (heldBytes + connection.queuedBytes() + frame.size() > maxOutboundBytes) {
      connection.close(
          CloseCodes.SLOW_CONSUMER,
          "more than "
              + maxOutboundBytes
              + " bytes waiting to be read; reconnect and subscribe with since to recover");
      return false;
    }
    heldBytes += frame.size();
    return true;
  }

  private void send(OutboundFrame frame) {
    if (welcomed) {
      write(frame);
    } else {
      if (heldBack == null) {
        heldBack = new ArrayDeque<>(4);
      }
      heldBack.add(frame);
    }
  }

  private void welcomed() {
    welcomed = true;
    if (heldBack != null) {
      for (OutboundFrame frame = heldBack.poll();
          frame != null && !released;
          frame = heldBack.poll()) {
        write(frame);
      }
      heldBack = null;
    }
  }

  private void write(OutboundFrame frame) {
    heldBytes -= frame.size();
    connection.write(frame);
  }

  /** Bytes held back here plus those written and not read by the client yet. */
  long outboundBytes() {
    return heldBytes + connection.queuedBytes();
  }

  /** Leaves every room and says so; idempotent. Runs however the connection ends. */
  public void release() {
    if (released) {
      return;
    }
    released = true;
    heldBack = null;
    recovering = null;
    if (active) {
      directory.remove(this, rooms == null ? Set.of() : rooms);
      presence.left(clientId, rooms == null ? Set.of() : rooms);
    }
  }

  private record Held(OutboundFrame frame, StreamPosition pos) {}
}

package dev.beacon.gateway.messaging;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.DeliveryTiming;
import dev.beacon.gateway.edge.OutboundFrame;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messaging clients of one event loop: by client id and by room. Confined to its verticle's
 * event loop; deliveries reach it through {@link DeliveryFanOut}.
 */
public final class LocalDirectory {

  /** A messaging client as the directory holds it; {@link MessagingClient} is one. */
  interface Recipient {
    String clientId();

    /**
     * Writes (or holds back) one delivery, whose {@code frame} is shared with every other
     * recipient.
     */
    void deliver(OutboundFrame frame, DeliveryRecord delivery, StreamPosition pos);

    /** Writes a frame outside the room's stream (join, leave), shared with other recipients. */
    void event(OutboundFrame frame);
  }

  private final Map<String, Recipient> clients = new HashMap<>();
  private final Map<String, Set<Recipient>> rooms = new HashMap<>();

  void add(Recipient client) {
    clients.put(client.clientId(), client);
  }

  /** Forgets the client and its memberships. */
  void remove(Recipient client, Collection<String> itsRooms) {
    clients.remove(client.clientId(), client);
    itsRooms.forEach(room -> leave(client, room));
  }

  void join(Recipient client, String room) {
    rooms.computeIfAbsent(room, r -> new LinkedHashSet<>()).add(client);
  }

  void leave(Recipient client, String room) {
    Set<Recipient> members = rooms.get(room);
    if (members != null && members.remove(client) && members.isEmpty()) {
      rooms.remove(room);
    }
  }

  int size() {
    return clients.size();
  }

  /**
   * Writes a delivery to its local recipients: the frame is built once, into one buffer, and only
   * when someone here receives it.
   *
   * @return how many clients it was written to
   */
  public int deliver(DeliveryRecord delivery, StreamPosition pos) {
    return deliver(delivery, pos, DeliveryTiming.NONE);
  }

  int deliver(DeliveryRecord delivery, StreamPosition pos, DeliveryTiming timing) {
    Collection<Recipient> recipients = recipients(delivery);
    if (recipients.isEmpty()) {
      return 0;
    }
    long onLoop = timing.onLoop();
    OutboundFrame frame = new OutboundFrame(delivery.frameAt(pos));
    int count = recipients.size();
    // A copy: a write can close a slow client, which leaves its rooms while we iterate.
    for (Recipient client : List.copyOf(recipients)) {
      client.deliver(frame, delivery, pos);
    }
    timing.written(onLoop);
    return count;
  }

  /**
   * Writes {@code frame}, an event of {@code room} without a position, to the room's local members.
   *
   * @return how many clients it was written to
   */
  int event(String room, String frame) {
    Set<Recipient> members = rooms.get(room);
    if (members == null || members.isEmpty()) {
      return 0;
    }
    OutboundFrame shared = new OutboundFrame(frame);
    List<Recipient> copy = List.copyOf(members);
    copy.forEach(client -> client.event(shared));
    return copy.size();
  }

  /** The local client with that id, or null. */
  Recipient client(String clientId) {
    return clients.get(clientId);
  }

  private Collection<Recipient> recipients(DeliveryRecord delivery) {
    return switch (delivery.target()) {
      case ROOM -> rooms.getOrDefault(delivery.room(), Set.of());
      case ALL -> clients.values();
      case CLIENT -> {
        Recipient client = clients.get(delivery.client());
        yield client == null ? List.of() : List.of(client);
      }
    };
  }
}

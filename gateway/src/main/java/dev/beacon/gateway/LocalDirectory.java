package dev.beacon.gateway;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.edge.OutboundFrame;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messaging clients of one event loop: by client id and by room. Confined to its verticle's event loop;
 * deliveries reach it through {@link DeliveryFanOut}.
 */
final class LocalDirectory {

  private final Map<String, MessagingClient> clients = new HashMap<>();
  private final Map<String, Set<MessagingClient>> rooms = new HashMap<>();

  void add(MessagingClient client) {
    clients.put(client.clientId(), client);
  }

  /** Forgets the client and its memberships. */
  void remove(MessagingClient client, Collection<String> itsRooms) {
    clients.remove(client.clientId(), client);
    itsRooms.forEach(room -> leave(client, room));
  }

  void join(MessagingClient client, String room) {
    rooms.computeIfAbsent(room, r -> new LinkedHashSet<>()).add(client);
  }

  void leave(MessagingClient client, String room) {
    Set<MessagingClient> members = rooms.get(room);
    if (members != null && members.remove(client) && members.isEmpty()) {
      rooms.remove(room);
    }
  }

  int size() {
    return clients.size();
  }

  /**
   * Writes a delivery to its local recipients: the frame is built once, into one buffer, and only when
   * someone here receives it.
   *
   * @return how many clients it was written to
   */
  int deliver(DeliveryRecord delivery, StreamPosition pos) {
    return deliver(delivery, pos, DeliveryTiming.NONE);
  }

  int deliver(DeliveryRecord delivery, StreamPosition pos, DeliveryTiming timing) {
    Collection<MessagingClient> recipients = recipients(delivery);
    if (recipients.isEmpty()) {
      return 0;
    }
    long onLoop = timing.onLoop();
    OutboundFrame frame = new OutboundFrame(delivery.frameAt(pos));
    int count = recipients.size();
    // A copy: a write can close a slow client, which leaves its rooms while we iterate.
    for (MessagingClient client : List.copyOf(recipients)) {
      client.deliver(frame, delivery, pos);
    }
    timing.written(onLoop);
    return count;
  }

  private Collection<MessagingClient> recipients(DeliveryRecord delivery) {
    return switch (delivery.target()) {
      case ROOM -> rooms.getOrDefault(delivery.room(), Set.of());
      case ALL -> clients.values();
      case CLIENT -> {
        MessagingClient client = clients.get(delivery.client());
        yield client == null ? List.of() : List.of(client);
      }
    };
  }
}

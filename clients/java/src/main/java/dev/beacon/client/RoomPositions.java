package dev.beacon.client;

import dev.beacon.common.protocol.ProtocolException;
import dev.beacon.common.protocol.StreamPosition;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rooms a {@link BeaconClient} follows and the last stream position it received in each: what
 * it sends as {@code since} when it resubscribes, and what lets it drop a delivery it already has.
 * While a room is being recovered its deliveries are held and released in stream order: a room the
 * server puts the client in by itself ({@code lobby}) may deliver live messages before the replay
 * of older ones. Used from the client's event loop only.
 */
final class RoomPositions {

  private final Map<String, StreamPosition> lastByRoom = new LinkedHashMap<>();
  private final Map<String, List<JsonObject>> held = new HashMap<>();

  void follow(String room) {
    lastByRoom.putIfAbsent(room, null);
  }

  void unfollow(String room) {
    lastByRoom.remove(room);
  }

  boolean follows(String room) {
    return lastByRoom.containsKey(room);
  }

  Set<String> rooms() {
    return Set.copyOf(lastByRoom.keySet());
  }

  /** The last position received in {@code room}, in the compact form, or null. */
  String since(String room) {
    StreamPosition last = lastByRoom.get(room);
    return last == null ? null : last.toString();
  }

  /**
   * Records a delivery's position; returns false when the room already had this position or a later
   * one of the same stream (a duplicate after a recovery), true otherwise. Positions of rooms not
   * followed are not kept.
   */
  boolean advance(String room, String pos) {
    if (room == null || pos == null || !follows(room)) {
      return true;
    }
    StreamPosition next;
    try {
      next = StreamPosition.parse(pos);
    } catch (ProtocolException e) {
      return true;
    }
    StreamPosition last = lastByRoom.get(room);
    if (last != null
        && last.epoch().equals(next.epoch())
        && last.partition() == next.partition()
        && next.offset() <= last.offset()) {
      return false;
    }
    lastByRoom.put(room, next);
    return true;
  }

  /** From now until {@link #endRecovery}, deliveries of {@code room} are held by {@link #hold}. */
  void startRecovery(String room) {
    held.put(room, new ArrayList<>());
  }

  /** Holds {@code message} if its room is being recovered; false means handle it now. */
  boolean hold(JsonObject message) {
    List<JsonObject> waiting = held.get(message.getString("room"));
    if (waiting == null || message.getString("pos") == null) {
      return false;
    }
    waiting.add(message);
    return true;
  }

  /** Ends the recovery of {@code room}: its held deliveries in stream order, duplicates removed. */
  List<JsonObject> endRecovery(String room) {
    List<JsonObject> waiting = held.remove(room);
    if (waiting == null) {
      return List.of();
    }
    waiting.sort(Comparator.comparingLong(RoomPositions::offset));
    List<JsonObject> fresh = new ArrayList<>(waiting.size());
    for (JsonObject m : waiting) {
      if (advance(room, m.getString("pos"))) {
        fresh.add(m);
      }
    }
    return fresh;
  }

  private static long offset(JsonObject message) {
    try {
      return StreamPosition.parse(message.getString("pos")).offset();
    } catch (ProtocolException e) {
      return Long.MAX_VALUE;
    }
  }
}

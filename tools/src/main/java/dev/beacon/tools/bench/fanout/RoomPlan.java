package dev.beacon.tools.bench.fanout;

import java.util.ArrayList;
import java.util.List;

/**
 * Which rooms each subscriber connection joins and which room each message goes to.
 *
 * <p>Membership {@code m} of room {@code r} goes to connection {@code (r * members + m) %
 * connections}: the members of a room are consecutive connections, so they are distinct (members
 * &le; connections) and, the connections being spread round-robin over the gateways, on different
 * gateways. With {@code rooms * members} a multiple of {@code connections} every connection is in
 * the same number of rooms (5,000 rooms x 4 members over 1,000 connections: 20 rooms each). One
 * room of S members over S connections is the classic single-room fan-out.
 *
 * <p>Message {@code seq} of publisher {@code p} goes to a pseudo-random room that every party can
 * compute from {@code (p, seq)} alone, so subscribers know what they should have received without
 * being told.
 *
 * @param prefix room names are {@code prefix} (one room) or {@code prefix-<index>}
 * @param rooms number of rooms
 * @param members members per room
 * @param connections subscriber connections the memberships are spread over
 */
public record RoomPlan(String prefix, int rooms, int members, int connections) {

  public RoomPlan {
    if (rooms < 1 || members < 1 || connections < 1) {
      throw new IllegalArgumentException(
          "rooms, members per room and subscriber connections must each be at least 1,"
              + " got "
              + rooms
              + ", "
              + members
              + ", "
              + connections);
    }
    if (members > connections) {
      throw new IllegalArgumentException(
          members
              + " members per room need at least as many subscriber connections,"
              + " got "
              + connections
              + "; raise the connections or lower the members");
    }
    if ((long) rooms * members < connections) {
      throw new IllegalArgumentException(
          rooms
              + " rooms x "
              + members
              + " members leave some of the "
              + connections
              + " connections in no room; use fewer connections");
    }
  }

  /** Every one of {@code subscribers} connections in the one room {@code name}. */
  public static RoomPlan singleRoom(String name, int subscribers) {
    return new RoomPlan(name, 1, subscribers, subscribers);
  }

  public String roomName(int room) {
    return rooms == 1 ? prefix : prefix + "-" + room;
  }

  /** The rooms connection {@code connection} joins, ascending. */
  public int[] roomsOf(int connection) {
    List<Integer> mine = new ArrayList<>();
    for (int r = 0; r < rooms; r++) {
      long first = ((long) r * members) % connections;
      long offset = (connection - first + connections) % connections;
      if (offset < members) {
        mine.add(r);
      }
    }
    return mine.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The room message {@code seq} of publisher {@code publisher} goes to. */
  public int roomOfMessage(int publisher, long seq) {
    if (rooms == 1) {
      return 0;
    }
    long z = ((long) publisher << 40) ^ seq;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    z = z ^ (z >>> 31);
    return (int) Math.floorMod(z, (long) rooms);
  }

  /** Memberships over all rooms: the deliveries one message to each room would make. */
  public long memberships() {
    return (long) rooms * members;
  }
}

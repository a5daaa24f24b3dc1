package dev.beacon.common.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One record of the compacted {@code beacon.presence} topic (codec: {@link PresenceRecordCodec}).
 * Keys name what a record is about, so compaction keeps the latest state of each:
 *
 * <ul>
 *   <li>{@code client:<id>}: {@link ClientConnected} (format 2) while the client is connected, a
 *       tombstone (null value, decoded as {@link ClientLeft}) once it left; format 1 wrote {@link
 *       ClientPresent} there, the connection and its whole room list in one value, which readers
 *       still accept;
 *   <li>{@code member:<id>/<room>}: {@link RoomJoined} while the client follows the room, a
 *       tombstone (decoded as {@link RoomLeft}) once it stopped or disconnected. A membership
 *       counts only while its client's {@code client:<id>} record is of the same connection (same
 *       gateway and {@code connected_at}), so memberships a dead gateway left behind never attach
 *       to a later connection of the same id. Membership records go to the partition of their
 *       client's key ({@link #partitionKey()}): a reader sees a client's records in the order they
 *       were written;
 *   <li>{@code gateway:<id>}: {@link GatewayAlive}, the gateway's heartbeat, rewritten every
 *       period; a tombstone (decoded as {@link GatewayGone}) when the gateway shuts down cleanly.
 * </ul>
 *
 * A gateway that dies leaves its clients' entries behind: readers treat the clients of a gateway
 * whose heartbeat is older than {@value #STALE_AFTER_PERIODS} periods as gone ({@link
 * GatewayAlive#isStale}). Each heartbeat carries its gateway's period, so whoever reads it judges
 * it by the period it was written with: a gateway and a broadcaster configured differently cannot
 * disagree about who is alive.
 */
public sealed interface PresenceRecord {

  /** Heartbeats missed before a gateway and its clients are considered gone. */
  int STALE_AFTER_PERIODS = 3;

  /**
   * The heartbeat period of a gateway that does not say (records written before periods were
   * carried).
   */
  long DEFAULT_PERIOD_MILLIS = 5_000;

  String CLIENT_KEY_PREFIX = "client:";
  String GATEWAY_KEY_PREFIX = "gateway:";
  String MEMBER_KEY_PREFIX = "member:";

  /**
   * Between the client id and the room of a membership key: neither a client id nor a room name
   * holds it.
   */
  char MEMBER_KEY_SEPARATOR = '/';

  /** The Kafka key of this record. */
  String key();

  /**
   * What decides the record's partition: its key, except that a membership goes with its client's
   * key.
   */
  default String partitionKey() {
    return key();
  }

  /** True for the records written as tombstones (null value). */
  default boolean isTombstone() {
    return this instanceof ClientLeft || this instanceof GatewayGone || this instanceof RoomLeft;
  }

  /**
   * A connected client and its rooms: what a reader knows of it, and the format 1 record of {@code
   * client:<id>} (still read; no longer written, since each subscribe rewrote the whole list).
   *
   * @param clientId the client's id
   * @param gateway the gateway it is connected to
   * @param remote its remote address as the gateway saw it ({@code host:port})
   * @param connectedAt when it connected, epoch milliseconds
   * @param rooms the rooms it is subscribed to
   */
  record ClientPresent(
      String clientId, String gateway, String remote, long connectedAt, List<String> rooms)
      implements PresenceRecord {
    public ClientPresent {
      RecordValues.required(clientId, "client_id");
      RecordValues.required(gateway, "gateway");
      remote = remote == null ? "" : remote;
      rooms = List.copyOf(Objects.requireNonNull(rooms, "rooms"));
    }

    @Override
    public String key() {
      return CLIENT_KEY_PREFIX + clientId;
    }

    /** The same client after joining or leaving rooms. */
    public ClientPresent withRooms(List<String> newRooms) {
      return new ClientPresent(clientId, gateway, remote, connectedAt, newRooms);
    }

    /**
     * Whether this entry and {@code other} describe the same connection (a reconnect has another).
     */
    public boolean sameConnection(String otherGateway, long otherConnectedAt) {
      return gateway.equals(otherGateway) && connectedAt == otherConnectedAt;
    }
  }

  /**
   * A connected client, format 2: the connection alone; its rooms are {@link RoomJoined} records of
   * their own.
   *
   * @param clientId the client's id
   * @param gateway the gateway it is connected to
   * @param remote its remote address as the gateway saw it ({@code host:port})
   * @param connectedAt when it connected, epoch milliseconds; with the gateway, names the
   *     connection
   */
  record ClientConnected(String clientId, String gateway, String remote, long connectedAt)
      implements PresenceRecord {
    public ClientConnected {
      RecordValues.required(clientId, "client_id");
      RecordValues.required(gateway, "gateway");
      remote = remote == null ? "" : remote;
    }

    @Override
    public String key() {
      return CLIENT_KEY_PREFIX + clientId;
    }

    /** This connection following {@code room}. */
    public RoomJoined joined(String room) {
      return new RoomJoined(clientId, room, gateway, connectedAt);
    }
  }

  /**
   * A connection following a room, format 2.
   *
   * @param gateway the gateway of the connection ({@link ClientConnected#gateway()})
   * @param connectedAt when the connection began ({@link ClientConnected#connectedAt()})
   */
  record RoomJoined(String clientId, String room, String gateway, long connectedAt)
      implements PresenceRecord {
    public RoomJoined {
      RecordValues.required(clientId, "client_id");
      RecordValues.required(room, "room");
      RecordValues.required(gateway, "gateway");
    }

    @Override
    public String key() {
      return memberKey(clientId, room);
    }

    @Override
    public String partitionKey() {
      return CLIENT_KEY_PREFIX + clientId;
    }
  }

  /**
   * A client that stopped following a room, or disconnected: the tombstone of its {@code
   * member:<id>/<room>} key.
   */
  record RoomLeft(String clientId, String room) implements PresenceRecord {
    public RoomLeft {
      RecordValues.required(clientId, "client_id");
      RecordValues.required(room, "room");
    }

    @Override
    public String key() {
      return memberKey(clientId, room);
    }

    @Override
    public String partitionKey() {
      return CLIENT_KEY_PREFIX + clientId;
    }
  }

  /** {@code member:<clientId>/<room>}. */
  static String memberKey(String clientId, String room) {
    return MEMBER_KEY_PREFIX + clientId + MEMBER_KEY_SEPARATOR + room;
  }

  /** A client that disconnected: the tombstone of its {@code client:<id>} key. */
  record ClientLeft(String clientId) implements PresenceRecord {
    public ClientLeft {
      RecordValues.required(clientId, "client_id");
    }

    @Override
    public String key() {
      return CLIENT_KEY_PREFIX + clientId;
    }
  }

  /**
   * A gateway's heartbeat: it was alive at {@code aliveAt} (epoch milliseconds) and writes the next
   * one within {@code periodMillis}.
   */
  record GatewayAlive(String gateway, long aliveAt, long periodMillis) implements PresenceRecord {
    public GatewayAlive {
      RecordValues.required(gateway, "gateway");
      if (periodMillis <= 0) {
        throw new IllegalArgumentException(
            "field 'period_ms' must be positive, got " + periodMillis);
      }
    }

    /** A heartbeat with the default period. */
    public GatewayAlive(String gateway, long aliveAt) {
      this(gateway, aliveAt, DEFAULT_PERIOD_MILLIS);
    }

    /** A heartbeat written every {@code period}. */
    public GatewayAlive(String gateway, long aliveAt, Duration period) {
      this(gateway, aliveAt, period.toMillis());
    }

    @Override
    public String key() {
      return GATEWAY_KEY_PREFIX + gateway;
    }

    /**
     * True when more than {@value #STALE_AFTER_PERIODS} of its own periods passed since {@code
     * aliveAt}.
     */
    public boolean isStale(long nowMillis) {
      return nowMillis - aliveAt > STALE_AFTER_PERIODS * periodMillis;
    }
  }

  /** A gateway that shut down: the tombstone of its {@code gateway:<id>} key. */
  record GatewayGone(String gateway) implements PresenceRecord {
    public GatewayGone {
      RecordValues.required(gateway, "gateway");
    }

    @Override
    public String key() {
      return GATEWAY_KEY_PREFIX + gateway;
    }
  }
}

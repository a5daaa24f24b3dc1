package dev.beacon.common.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Keys and values of the compacted {@code beacon.presence} topic ({@link
 * dev.beacon.runtime.kafka.Topics#PRESENCE}), format 2 ({@code
 * docs/schema/presence-client.record.schema.json}, {@code
 * docs/schema/presence-member.record.schema.json}, {@code
 * docs/schema/presence-gateway.record.schema.json}):
 *
 * <pre>
 * client:c-1        {"v":2,"client_id":"c-1","gateway":"gw-a","remote":"10.0.0.7:51234","connected_at":1763762345123}
 * member:c-1/lobby  {"v":2,"client_id":"c-1","room":"lobby","gateway":"gw-a","connected_at":1763762345123}
 * member:c-1/lobby  null   (tombstone: the client left the room, or disconnected)
 * client:c-1        null   (tombstone: the client left)
 * gateway:gw-a      {"v":1,"gateway":"gw-a","alive_at":1763762350000,"period_ms":5000}
 * </pre>
 *
 * Format 1 client records carried the whole room list ({@code "v":1,...,"rooms":["lobby"]}); they
 * still decode, as {@link PresenceRecord.ClientPresent}. Heartbeats did not change and stay {@code
 * "v":1}, so a reader of format 1 still sees every gateway alive during an upgrade. The key decides
 * the kind of record, so decoding needs both key and value: a null value is a tombstone.
 */
public final class PresenceRecordCodec {

  /** The newest client record format, written by this code. */
  public static final int CLIENT_VERSION = 2;

  private PresenceRecordCodec() {}

  public static byte[] key(PresenceRecord record) {
    return record.key().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The record value; null for the tombstones ({@link PresenceRecord#isTombstone()}). A {@link
   * PresenceRecord.ClientPresent} is written in format 1 (for tests and tools that need one).
   */
  public static byte[] encode(PresenceRecord record) {
    if (record instanceof PresenceRecord.ClientPresent c) {
      JsonText json =
          JsonText.object(160)
              .field("v", RecordValues.VERSION)
              .field("client_id", c.clientId())
              .field("gateway", c.gateway())
              .field("remote", c.remote())
              .field("connected_at", c.connectedAt());
      StringBuilder rooms = new StringBuilder(16 * c.rooms().size() + 2).append('[');
      for (int i = 0; i < c.rooms().size(); i++) {
        JsonText.quote(i == 0 ? rooms : rooms.append(','), c.rooms().get(i));
      }
      return json.raw("rooms", rooms.append(']').toString())
          .close()
          .getBytes(StandardCharsets.UTF_8);
    }
    if (record instanceof PresenceRecord.ClientConnected c) {
      return JsonText.object(128)
          .field("v", CLIENT_VERSION)
          .field("client_id", c.clientId())
          .field("gateway", c.gateway())
          .field("remote", c.remote())
          .field("connected_at", c.connectedAt())
          .close()
          .getBytes(StandardCharsets.UTF_8);
    }
    if (record instanceof PresenceRecord.RoomJoined m) {
      return JsonText.object(128)
          .field("v", CLIENT_VERSION)
          .field("client_id", m.clientId())
          .field("room", m.room())
          .field("gateway", m.gateway())
          .field("connected_at", m.connectedAt())
          .close()
          .getBytes(StandardCharsets.UTF_8);
    }
    if (record instanceof PresenceRecord.GatewayAlive g) {
      return JsonText.object(80)
          .field("v", RecordValues.VERSION)
          .field("gateway", g.gateway())
          .field("alive_at", g.aliveAt())
          .field("period_ms", g.periodMillis())
          .close()
          .getBytes(StandardCharsets.UTF_8);
    }
    return null;
  }

  /**
   * Decodes one record.
   *
   * @param key the record key, {@code client:<id>}, {@code member:<id>/<room>} or {@code
   *     gateway:<id>}
   * @param value the value, null for a tombstone
   * @throws IllegalArgumentException when the key or value is malformed; the message says which
   *     part
   */
  public static PresenceRecord decode(byte[] key, byte[] value) {
    if (key == null) {
      throw new IllegalArgumentException("presence record has no key; expected " + KEYS);
    }
    String k = new String(key, StandardCharsets.UTF_8);
    if (k.startsWith(PresenceRecord.CLIENT_KEY_PREFIX)
        && k.length() > PresenceRecord.CLIENT_KEY_PREFIX.length()) {
      String clientId = k.substring(PresenceRecord.CLIENT_KEY_PREFIX.length());
      return value == null ? new PresenceRecord.ClientLeft(clientId) : client(clientId, value);
    }
    if (k.startsWith(PresenceRecord.MEMBER_KEY_PREFIX)) {
      int separator = k.indexOf(PresenceRecord.MEMBER_KEY_SEPARATOR);
      int idStart = PresenceRecord.MEMBER_KEY_PREFIX.length();
      if (separator > idStart && separator < k.length() - 1) {
        String clientId = k.substring(idStart, separator);
        String room = k.substring(separator + 1);
        return value == null
            ? new PresenceRecord.RoomLeft(clientId, room)
            : member(clientId, room, value);
      }
    }
    if (k.startsWith(PresenceRecord.GATEWAY_KEY_PREFIX)
        && k.length() > PresenceRecord.GATEWAY_KEY_PREFIX.length()) {
      String gateway = k.substring(PresenceRecord.GATEWAY_KEY_PREFIX.length());
      return value == null ? new PresenceRecord.GatewayGone(gateway) : gateway(gateway, value);
    }
    throw new IllegalArgumentException(
        "presence key '" + RoomNames.abbreviate(k) + "' must be " + KEYS);
  }

  private static final String KEYS = "client:<id>, member:<id>/<room> or gateway:<id>";

  /** Format 1 (the whole room list) or 2 (the connection alone). */
  private static PresenceRecord client(String keyClientId, byte[] value) {
    ClientFields f = new ClientFields();
    int version = RecordValues.readObject(value, f, CLIENT_VERSION);
    sameAsKey("client_id", RecordValues.required(f.clientId, "client_id"), keyClientId);
    long connectedAt = RecordValues.required(f.connectedAt, "connected_at");
    if (version == 1) {
      return new PresenceRecord.ClientPresent(
          f.clientId, f.gateway, f.remote, connectedAt, f.rooms == null ? List.of() : f.rooms);
    }
    return new PresenceRecord.ClientConnected(f.clientId, f.gateway, f.remote, connectedAt);
  }

  private static PresenceRecord.RoomJoined member(
      String keyClientId, String keyRoom, byte[] value) {
    ClientFields f = new ClientFields();
    RecordValues.readObject(value, f, CLIENT_VERSION);
    sameAsKey("client_id", RecordValues.required(f.clientId, "client_id"), keyClientId);
    sameAsKey("room", RecordValues.required(f.room, "room"), keyRoom);
    return new PresenceRecord.RoomJoined(
        f.clientId, f.room, f.gateway, RecordValues.required(f.connectedAt, "connected_at"));
  }

  private static PresenceRecord.GatewayAlive gateway(String keyGateway, byte[] value) {
    GatewayFields f = new GatewayFields();
    RecordValues.readObject(value, f);
    sameAsKey("gateway", RecordValues.required(f.gateway, "gateway"), keyGateway);
    return new PresenceRecord.GatewayAlive(
        f.gateway,
        RecordValues.required(f.aliveAt, "alive_at"),
        f.periodMillis == null ? PresenceRecord.DEFAULT_PERIOD_MILLIS : f.periodMillis);
  }

  private static void sameAsKey(String field, String value, String fromKey) {
    if (!value.equals(fromKey)) {
      throw new IllegalArgumentException(
          "field '"
              + field
              + "' is '"
              + RoomNames.abbreviate(value)
              + "' but the key names '"
              + RoomNames.abbreviate(fromKey)
              + "'");
    }
  }

  private static final class ClientFields implements RecordValues.FieldReader {
    String clientId;
    String gateway;
    String remote;
    Long connectedAt;
    List<String> rooms;
    String room;

    @Override
    public void read(String name, JsonToken token, JsonParser p) throws IOException {
      switch (name) {
        case "client_id" -> clientId = RecordValues.text(p, token, name);
        case "room" -> room = RecordValues.text(p, token, name);
        case "gateway" -> gateway = RecordValues.text(p, token, name);
        case "remote" -> remote = RecordValues.text(p, token, name);
        case "connected_at" -> connectedAt = RecordValues.whole(p, token, name);
        case "rooms" -> rooms = RecordValues.texts(p, token, name);
        default -> p.skipChildren();
      }
    }
  }

  private static final class GatewayFields implements RecordValues.FieldReader {
    String gateway;
    Long aliveAt;
    Long periodMillis;

    @Override
    public void read(String name, JsonToken token, JsonParser p) throws IOException {
      switch (name) {
        case "gateway" -> gateway = RecordValues.text(p, token, name);
        case "alive_at" -> aliveAt = RecordValues.whole(p, token, name);
        case "period_ms" -> periodMillis = RecordValues.whole(p, token, name);
        default -> p.skipChildren();
      }
    }
  }
}

package dev.beacon.common.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Keys and values of the compacted {@code beacon.presence} topic
 * ({@link dev.beacon.runtime.kafka.Topics#PRESENCE}), version 1 ({@code docs/schema/presence-client.record.schema.json},
 * {@code docs/schema/presence-gateway.record.schema.json}):
 *
 * <pre>
 * client:c-1   {"v":1,"client_id":"c-1","gateway":"gw-a","remote":"10.0.0.7:51234","connected_at":1763762345123,"rooms":["lobby"]}
 * client:c-1   null   (tombstone: the client left)
 * gateway:gw-a {"v":1,"gateway":"gw-a","alive_at":1763762350000,"period_ms":5000}
 * </pre>
 *
 * The key decides the kind of record, so decoding needs both key and value: a null value is a tombstone.
 */
public final class PresenceRecordCodec {

  private PresenceRecordCodec() {
  }

  public static byte[] key(PresenceRecord record) {
    return record.key().getBytes(StandardCharsets.UTF_8);
  }

  /** The record value; null for {@link PresenceRecord.ClientLeft} and {@link PresenceRecord.GatewayGone} (tombstones). */
  public static byte[] encode(PresenceRecord record) {
    if (record instanceof PresenceRecord.ClientPresent c) {
      JsonText json = JsonText.object(160)
          .field("v", RecordValues.VERSION)
          .field("client_id", c.clientId())
          .field("gateway", c.gateway())
          .field("remote", c.remote())
          .field("connected_at", c.connectedAt());
      StringBuilder rooms = new StringBuilder(16 * c.rooms().size() + 2).append('[');
      for (int i = 0; i < c.rooms().size(); i++) {
        JsonText.quote(i == 0 ? rooms : rooms.append(','), c.rooms().get(i));
      }
      return json.raw("rooms", rooms.append(']').toString()).close().getBytes(StandardCharsets.UTF_8);
    }
    if (record instanceof PresenceRecord.GatewayAlive g) {
      return JsonText.object(80)
          .field("v", RecordValues.VERSION)
          .field("gateway", g.gateway())
          .field("alive_at", g.aliveAt())
          .field("period_ms", g.periodMillis())
          .close().getBytes(StandardCharsets.UTF_8);
    }
    return null;
  }

  /**
   * Decodes one record.
   *
   * @param key   the record key, {@code client:<id>} or {@code gateway:<id>}
   * @param value the value, null for a tombstone
   * @throws IllegalArgumentException when the key or value is malformed; the message says which part
   */
  public static PresenceRecord decode(byte[] key, byte[] value) {
    if (key == null) {
      throw new IllegalArgumentException("presence record has no key; expected client:<id> or gateway:<id>");
    }
    String k = new String(key, StandardCharsets.UTF_8);
    if (k.startsWith(PresenceRecord.CLIENT_KEY_PREFIX) && k.length() > PresenceRecord.CLIENT_KEY_PREFIX.length()) {
      String clientId = k.substring(PresenceRecord.CLIENT_KEY_PREFIX.length());
      return value == null ? new PresenceRecord.ClientLeft(clientId) : client(clientId, value);
    }
    if (k.startsWith(PresenceRecord.GATEWAY_KEY_PREFIX) && k.length() > PresenceRecord.GATEWAY_KEY_PREFIX.length()) {
      String gateway = k.substring(PresenceRecord.GATEWAY_KEY_PREFIX.length());
      return value == null ? new PresenceRecord.GatewayGone(gateway) : gateway(gateway, value);
    }
    throw new IllegalArgumentException("presence key '" + RoomNames.abbreviate(k)
        + "' must be client:<id> or gateway:<id>");
  }

  private static PresenceRecord.ClientPresent client(String keyClientId, byte[] value) {
    ClientFields f = new ClientFields();
    RecordValues.readObject(value, f);
    sameAsKey("client_id", RecordValues.required(f.clientId, "client_id"), keyClientId);
    return new PresenceRecord.ClientPresent(f.clientId, f.gateway, f.remote,
        RecordValues.required(f.connectedAt, "connected_at"), f.rooms == null ? List.of() : f.rooms);
  }

  private static PresenceRecord.GatewayAlive gateway(String keyGateway, byte[] value) {
    GatewayFields f = new GatewayFields();
    RecordValues.readObject(value, f);
    sameAsKey("gateway", RecordValues.required(f.gateway, "gateway"), keyGateway);
    return new PresenceRecord.GatewayAlive(f.gateway, RecordValues.required(f.aliveAt, "alive_at"),
        f.periodMillis == null ? PresenceRecord.DEFAULT_PERIOD_MILLIS : f.periodMillis);
  }

  private static void sameAsKey(String field, String value, String fromKey) {
    if (!value.equals(fromKey)) {
      throw new IllegalArgumentException("field '" + field + "' is '" + RoomNames.abbreviate(value)
          + "' but the key names '" + RoomNames.abbreviate(fromKey) + "'");
    }
  }

  private static final class ClientFields implements RecordValues.FieldReader {
    String clientId;
    String gateway;
    String remote;
    Long connectedAt;
    List<String> rooms;

    @Override
    public void read(String name, JsonToken token, JsonParser p) throws IOException {
      switch (name) {
        case "client_id" -> clientId = RecordValues.text(p, token, name);
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

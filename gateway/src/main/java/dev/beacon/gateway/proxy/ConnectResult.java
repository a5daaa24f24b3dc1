package dev.beacon.gateway.proxy;

import dev.beacon.common.protocol.ClientIds;
import dev.beacon.common.protocol.RoomNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What the backend's {@code result} to a connect gives the connection (Centrifugo's {@code
 * ConnectResult}, the fields Beacon reads).
 *
 * @param user the identity the connection takes (its client id, and the {@code verified_sub} of
 *     what it publishes); empty: the connection stays anonymous, with the gateway's random id
 * @param info any JSON the backend attaches to the connection, sent back in its later hook calls;
 *     null for none
 * @param channels channels the connection is subscribed to when it becomes a messaging client, as
 *     if it had sent {@code subscribe} for each (not asked of the subscribe hook again)
 * @param expireAt when the connection's session ends, Unix seconds: then it is closed with 4011
 *     unless a {@code refresh} extended it; 0 for never
 */
public record ConnectResult(String user, Object info, List<String> channels, long expireAt) {

  /**
   * Reads a {@code result} object.
   *
   * @throws IllegalArgumentException when a field breaks its rule, saying which
   */
  public static ConnectResult from(JsonObject result) {
    Object user = result.getValue("user", "");
    if (!(user instanceof String name) || !(name.isEmpty() || ClientIds.isValid(name))) {
      throw new IllegalArgumentException(
          "'user' must be a string of " + ClientIds.rule() + ", or empty for anonymous");
    }
    Object expireAt = result.getValue("expire_at", 0);
    if (!(expireAt instanceof Number at) || at.longValue() < 0) {
      throw new IllegalArgumentException("'expire_at' must be Unix seconds, or 0 for never");
    }
    return new ConnectResult(
        name, result.getValue("info"), channels(result.getValue("channels")), at.longValue());
  }

  private static List<String> channels(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException("'channels' must be an array of channel names");
    }
    List<String> channels = new ArrayList<>(array.size());
    for (Object channel : array) {
      if (!(channel instanceof String name) || !RoomNames.isValid(name)) {
        throw new IllegalArgumentException(
            "'channels' holds '" + channel + "', not a channel name (" + RoomNames.RULE + ")");
      }
      channels.add(name);
    }
    return List.copyOf(channels);
  }
}

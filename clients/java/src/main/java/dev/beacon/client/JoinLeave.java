package dev.beacon.client;

import io.vertx.core.json.JsonObject;

/**
 * A {@code join} or {@code leave} event of a channel whose namespace has join/leave on: a client
 * subscribed to it or left it, once per client across the cluster.
 *
 * @param join true for {@code join}, false for {@code leave}
 * @param channel the channel (room)
 * @param clientId the client that joined or left
 * @param gateway the gateway holding that client
 * @param connectedAt when that client connected, epoch milliseconds; 0 when not given
 */
public record JoinLeave(
    boolean join, String channel, String clientId, String gateway, long connectedAt) {

  static JoinLeave of(JsonObject event) {
    return new JoinLeave(
        "join".equals(event.getString("type")),
        event.getString("room"),
        event.getString("client_id"),
        event.getString("gateway"),
        event.getLong("connected_at", 0L));
  }
}

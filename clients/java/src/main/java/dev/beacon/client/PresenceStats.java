package dev.beacon.client;

import io.vertx.core.json.JsonObject;

/**
 * How many clients and users are subscribed to a channel, cluster-wide: the {@code presence_stats}
 * reply.
 */
public record PresenceStats(String channel, int numClients, int numUsers) {

  static PresenceStats of(JsonObject reply) {
    return new PresenceStats(
        reply.getString("room"),
        reply.getInteger("num_clients", 0),
        reply.getInteger("num_users", 0));
  }
}

package dev.beacon.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is subscribed to a channel, cluster-wide: the {@code presence} reply.
 *
 * @param channel the channel (room) asked
 * @param clients one entry per connected client
 * @param reply the reply as received
 */
public record Presence(String channel, List<Member> clients, JsonObject reply) {

  /** One subscribed client: its id, the gateway holding it, when it connected (epoch ms). */
  public record Member(String clientId, String gateway, long connectedAt) {}

  public Presence {
    clients = List.copyOf(clients);
  }

  static Presence of(JsonObject reply) {
    JsonArray array = reply.getJsonArray("clients", new JsonArray());
    List<Member> clients = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject c = array.getJsonObject(i);
      clients.add(
          new Member(
              c.getString("client_id"), c.getString("gateway"), c.getLong("connected_at", 0L)));
    }
    return new Presence(reply.getString("room"), clients, reply);
  }

  /** The client ids present. */
  public List<String> clientIds() {
    return clients.stream().map(Member::clientId).toList();
  }
}

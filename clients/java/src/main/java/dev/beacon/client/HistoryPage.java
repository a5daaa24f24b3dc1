package dev.beacon.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a channel's history, the {@code history} reply (docs/protocol.md, "Channels: history,
 * presence, join and leave").
 *
 * @param channel the channel (room) asked
 * @param reverse whether the page is newest first
 * @param messages the messages as they were delivered live, each with its {@code pos}, in the order
 *     asked
 * @param top the newest position history holds; null when it holds none
 * @param next the {@code since} of the following page; null once the page reached the end
 */
public record HistoryPage(
    String channel, boolean reverse, List<JsonObject> messages, String top, String next) {

  public HistoryPage {
    messages = List.copyOf(messages);
  }

  static HistoryPage of(JsonObject reply) {
    JsonArray array = reply.getJsonArray("messages", new JsonArray());
    List<JsonObject> messages = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      messages.add(array.getJsonObject(i));
    }
    return new HistoryPage(
        reply.getString("room"),
        reply.getBoolean("reverse", false),
        messages,
        reply.getString("top"),
        reply.getString("next"));
  }

  /** The {@code content} of each message, null where a message carries only {@code data}. */
  public List<String> contents() {
    return messages.stream().map(m -> m.getString("content")).toList();
  }
}

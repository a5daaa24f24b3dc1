package dev.beacon.client;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A delivered message that carries a JSON payload ({@code data}): a {@code chat} (what {@code
 * publish} delivers), {@code broadcast} or {@code direct}.
 *
 * @param type {@code chat}, {@code broadcast} or {@code direct}
 * @param channel the channel (room) of a chat; null for broadcast and direct
 * @param rawData the payload exactly as its author sent it: the JSON text, byte for byte
 * @param message the whole message as parsed, {@code pos}, {@code client_id} and text included
 */
public record Publication(String type, String channel, String rawData, JsonObject message) {

  /**
   * The payload parsed: a {@link JsonObject}, {@link JsonArray}, String, Number, Boolean or null.
   */
  public Object data() {
    return Json.decodeValue(rawData);
  }

  /**
   * The payload as a JSON object.
   *
   * @throws ClassCastException when the payload is another JSON value
   */
  public JsonObject dataObject() {
    return (JsonObject) data();
  }

  /** The stream position of this delivery. */
  public String pos() {
    return message.getString("pos");
  }

  /** The author's client id, stamped by its gateway. */
  public String clientId() {
    return message.getString("client_id");
  }
}

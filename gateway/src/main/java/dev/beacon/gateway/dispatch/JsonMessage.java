package dev.beacon.gateway.dispatch;

import dev.beacon.gateway.security.DeviceIdentity;
import io.vertx.core.json.JsonObject;

/**
 * One decoded JSON frame with what a handler may need about where it came from.
 *
 * @param body the envelope, with {@code type} and usually {@code id}
 * @param frameLength the frame's length in characters
 * @param clientId the connection's id
 * @param receivedAt gateway clock when the frame arrived, epoch milliseconds
 * @param devices which device ids the connection may write fixes for
 */
public record JsonMessage(
    JsonObject body, int frameLength, String clientId, long receivedAt, DeviceIdentity devices) {

  /** The client's correlation id as given (string or number), or null. */
  public Object id() {
    return body.getValue("id");
  }

  /** A reply of {@code type} carrying this message's id when it had one. */
  public JsonObject reply(String type) {
    JsonObject reply = new JsonObject().put("type", type);
    Object id = id();
    return id == null ? reply : reply.put("id", id);
  }
}

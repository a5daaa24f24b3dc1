package dev.beacon.gateway.dispatch;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Handles one JSON message {@code type}. The returned future holds the reply; a failure becomes an
 * {@code error} message, with the failure's code when it is a {@link GatewayError}.
 */
@FunctionalInterface
public interface JsonMessageHandler {

  Future<JsonObject> handle(JsonMessage message);
}

package dev.beacon.gateway.dispatch;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Answers {@code {"type":"ping"}} with {@code {"type":"pong","client_id":...,"server_time":<epoch
 * ms>}}.
 */
public final class PingHandler {

  private PingHandler() {}

  public static Future<JsonObject> pong(JsonMessage ping) {
    return Future.succeededFuture(
        ping.reply("pong")
            .put("client_id", ping.clientId())
            .put("server_time", System.currentTimeMillis()));
  }
}

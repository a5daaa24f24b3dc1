package dev.beacon.gateway.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * How every admin route answers a failure: {@code {"error":"<code>","message":"<what to do>"}} with
 * its status.
 */
final class AdminError {

  private AdminError() {}

  static void send(RoutingContext ctx, int status, String code, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}

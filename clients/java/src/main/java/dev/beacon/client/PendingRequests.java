package dev.beacon.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests of a {@link BeaconClient} waiting for the reply that echoes their {@code id}, each with
 * a timeout. Used from the client's event loop only.
 */
final class PendingRequests {

  private record Pending(Promise<JsonObject> reply, long timer) {}

  private final Vertx vertx;
  private final long timeoutMillis;
  private final Map<String, Pending> byId = new HashMap<>();
  private long nextId;

  PendingRequests(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
  }

  /** Gives {@code request} a fresh id and returns the future of its reply. */
  Future<JsonObject> register(JsonObject request) {
    String id = "r" + ++nextId;
    request.put("id", id);
    Promise<JsonObject> reply = Promise.promise();
    long timer =
        vertx.setTimer(
            timeoutMillis,
            t ->
                fail(
                    id,
                    "no reply to "
                        + request.getString("type")
                        + " "
                        + id
                        + " within "
                        + timeoutMillis
                        + " ms"));
    byId.put(id, new Pending(reply, timer));
    return reply.future();
  }

  /** Completes the request a reply answers; returns false when the reply answers none of them. */
  boolean complete(JsonObject reply) {
    Object id = reply.getValue("id");
    Pending pending = id == null ? null : byId.remove(id.toString());
    if (pending == null) {
      return false;
    }
    vertx.cancelTimer(pending.timer());
    if ("error".equals(reply.getString("type"))) {
      pending
          .reply()
          .fail(new BeaconErrorException(reply.getString("code"), reply.getString("message")));
    } else {
      pending.reply().complete(reply);
    }
    return true;
  }

  void fail(String id, String why) {
    Pending pending = byId.remove(id);
    if (pending != null) {
      vertx.cancelTimer(pending.timer());
      pending.reply().fail(new IllegalStateException(why));
    }
  }

  /** Fails every waiting request: the connection that carried them is gone. */
  void failAll(String why) {
    for (String id : Map.copyOf(byId).keySet()) {
      fail(id, why);
    }
  }
}

package dev.beacon.gateway.proxy;

import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.common.protocol.ErrorCode;
import io.vertx.core.json.JsonObject;

/**
 * The backend's answer to a subscribe, publish or refresh, as the gateway acts on it: go ahead
 * (with the {@code result}'s changes), answer the request with an {@code error}, or close the
 * connection (docs/proxy.md, "What the client sees").
 */
public record HookVerdict(ProxyHook hook, ProxyReply reply) {

  /** Go ahead; {@link #result()} holds the changes. */
  public boolean allowed() {
    return reply.allowed();
  }

  /** The backend's {@code result}: never null when {@link #allowed()}. */
  public JsonObject result() {
    return reply.result();
  }

  /** Whether the backend asked for the connection to be closed ({@link #closeCode()}). */
  public boolean disconnects() {
    return reply.disconnectCode() != 0;
  }

  /** The backend's disconnect code, 4000-4999. */
  public short closeCode() {
    return (short) reply.disconnectCode();
  }

  public String closeReason() {
    return reply.message();
  }

  /**
   * The {@code error} frame answering request {@code id} when the hook did not allow it: {@code
   * proxy_refused} with the backend's {@code app_code} and message, or {@code proxy_unavailable}
   * when the backend could not be asked; nothing changed either way.
   */
  public String errorFrame(Object id) {
    JsonObject error = new JsonObject().put("type", "error");
    if (id != null) {
      error.put("id", id);
    }
    if (reply.denied()) {
      error
          .put("code", ErrorCode.PROXY_REFUSED.code())
          .put(
              "message",
              "the application refused this "
                  + hook.wire()
                  + (reply.message().isEmpty() ? "" : ": " + reply.message()))
          .put("app_code", reply.errorCode());
    } else {
      error
          .put("code", ErrorCode.PROXY_UNAVAILABLE.code())
          .put(
              "message",
              "the application's backend did not answer this "
                  + hook.wire()
                  + " ("
                  + reply.message()
                  + "); nothing changed, send it again later");
    }
    return error.encode();
  }

  /** What a connect the backend did not allow is closed with: its code, or Beacon's. */
  static short connectCloseCode(ProxyReply reply) {
    if (reply.disconnectCode() != 0) {
      return (short) reply.disconnectCode();
    }
    return reply.denied() ? CloseCodes.PROXY_REFUSED : CloseCodes.PROXY_UNAVAILABLE;
  }

  /** The close reason that goes with {@link #connectCloseCode}. */
  static String connectCloseReason(ProxyReply reply) {
    if (reply.disconnectCode() != 0) {
      return reply.message();
    }
    if (reply.denied()) {
      return "refused by the application (" + reply.errorCode() + "): " + reply.message();
    }
    return "application backend unavailable (" + reply.outcome().tag() + "); reconnect later";
  }
}

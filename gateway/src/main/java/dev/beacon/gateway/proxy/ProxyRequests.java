package dev.beacon.gateway.proxy;

import io.vertx.core.json.JsonObject;

/**
 * The bodies the gateway posts to the application's backend, in Centrifugo's shapes
 * (docs/proxy.md): every call names the connection ({@code client}), how it is connected ({@code
 * transport}, {@code protocol}, {@code encoding}); calls after connect add the {@code user} the
 * connection is known by and the {@code info} the connect hook gave it.
 */
final class ProxyRequests {

  private ProxyRequests() {}

  /**
   * {@code connect}: the gateway's id for the connection, its path and the address it came from.
   */
  static JsonObject connect(String client, String path, String remote) {
    return common(client).put("path", path).put("remote", remote);
  }

  /** {@code subscribe}: the channel the connection asks to follow. */
  static JsonObject subscribe(String client, String user, Object info, String channel) {
    return withUser(client, user, info).put("channel", channel);
  }

  /** {@code publish}: the channel and the data the connection sends to it. */
  static JsonObject publish(String client, String user, Object info, String channel, Object data) {
    return withUser(client, user, info).put("channel", channel).put("data", data);
  }

  /** {@code refresh}: the token the client sent with its {@code refresh}, if any. */
  static JsonObject refresh(String client, String user, Object info, String token) {
    JsonObject body = withUser(client, user, info);
    return token == null ? body : body.put("token", token);
  }

  private static JsonObject withUser(String client, String user, Object info) {
    JsonObject body = common(client).put("user", user == null ? "" : user);
    return info == null ? body : body.put("info", info);
  }

  private static JsonObject common(String client) {
    return new JsonObject()
        .put("client", client)
        .put("transport", "websocket")
        .put("protocol", "json")
        .put("encoding", "json");
  }
}

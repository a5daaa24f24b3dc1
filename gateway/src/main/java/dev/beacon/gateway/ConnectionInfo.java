package dev.beacon.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One WebSocket connection as it was when it opened: what connect, message and disconnect listeners receive.
 *
 * @param id          the client id (also its messaging {@code client_id})
 * @param gateway     the gateway it is connected to
 * @param remote      its remote address as the gateway saw it ({@code host:port}); behind a proxy, the proxy's
 * @param path        the upgrade path, e.g. {@code /chat}
 * @param connectedAt when the upgrade completed, epoch milliseconds
 * @param headers     the handshake request headers, names in lower case, each with its values in order
 */
public record ConnectionInfo(String id, String gateway, String remote, String path, long connectedAt,
    Map<String, List<String>> headers) {

  public ConnectionInfo {
    headers = Map.copyOf(headers);
  }

  /** {@code socket} as it was at its upgrade, which completed at {@code connectedAt}. */
  static ConnectionInfo of(ServerWebSocket socket, String clientId, String gatewayId, long connectedAt) {
    return new ConnectionInfo(clientId, gatewayId, String.valueOf(socket.remoteAddress()), socket.path(),
        connectedAt, headersOf(socket.headers()));
  }

  private static Map<String, List<String>> headersOf(MultiMap headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, value) -> copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
        .add(value));
    copy.replaceAll((name, values) -> List.copyOf(values));
    return copy;
  }

  /** The first value of handshake header {@code name} (any case), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}

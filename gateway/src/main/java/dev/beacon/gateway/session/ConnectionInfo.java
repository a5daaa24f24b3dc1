package dev.beacon.gateway.session;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One WebSocket connection as it was when it opened: what connect, message and disconnect listeners
 * receive.
 *
 * @param id the client id (also its messaging {@code client_id})
 * @param gateway the gateway it is connected to
 * @param remote its remote address as the gateway saw it ({@code host:port}); behind a proxy, the
 *     proxy's
 * @param path the upgrade path, e.g. {@code /chat}
 * @param connectedAt when the upgrade completed, epoch milliseconds
 * @param headers the handshake request headers, names in lower case, each with its values in order
 */
public record ConnectionInfo(
    String id,
    String gateway,
    String remote,
    String path,
    long connectedAt,
    Map<String, List<String>> headers) {

  public ConnectionInfo {
    headers = Map.copyOf(headers);
  }

  /** The first value of handshake header {@code name} (any case), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}

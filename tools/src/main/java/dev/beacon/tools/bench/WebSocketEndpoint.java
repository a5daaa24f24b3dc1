package dev.beacon.tools.bench;

import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Duration;

/**
 * A gateway address ({@code ws://host:port/path} or {@code wss://...}) turned into the Vert.x
 * options that the load generators connect with. The generators use raw Vert.x WebSockets, not the
 * client library, so that they measure the server alone and also drive peers that only speak the
 * plain protocol ({@code bench-node}); each says why.
 */
public final class WebSocketEndpoint {

  /** How long a WebSocket handshake may take before it counts as a connect failure. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private WebSocketEndpoint() {}

  /** Rejects anything that is not an absolute ws:// or wss:// URI with a host. */
  public static URI requireWebSocketUri(URI url) {
    if (url == null || url.getHost() == null) {
      throw new IllegalArgumentException(
          "gateway url must be absolute, like ws://localhost:8080/ws, got " + url);
    }
    String scheme = url.getScheme();
    if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("gateway url must start with ws:// or wss://, got " + url);
    }
    return url;
  }

  public static WebSocketConnectOptions connectOptions(URI url) {
    boolean tls = "wss".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : (tls ? 443 : 80);
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
    return new WebSocketConnectOptions()
        .setHost(url.getHost())
        .setPort(port)
        .setSsl(tls)
        .setURI(path + query)
        .setConnectTimeout(CONNECT_TIMEOUT.toMillis());
  }

  /**
   * Client options that allow {@code connections} sockets to the same gateway at once: Vert.x caps
   * WebSockets per endpoint (50 by default) and queues the rest, which would silently serialise a
   * load test.
   */
  public static WebSocketClientOptions clientOptions(int connections) {
    return new WebSocketClientOptions()
        .setMaxConnections(connections + 16)
        .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
        .setTcpNoDelay(true);
  }
}

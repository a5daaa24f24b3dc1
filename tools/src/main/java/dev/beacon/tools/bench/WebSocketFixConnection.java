package dev.beacon.tools.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/** A {@link GpsLoadConnection} over {@code /ws}: CSV frames, each answered {@code OK}. */
final class WebSocketFixConnection extends GpsLoadConnection {

  private final WebSocketClient client;
  private final WebSocketConnectOptions options;
  private final StringBuilder line = new StringBuilder(64);
  private WebSocket socket;

  WebSocketFixConnection(
      Vertx vertx,
      GpsLoadConfig config,
      int index,
      FixLineSource lines,
      LoadStats stats,
      WebSocketClient client,
      WebSocketConnectOptions options) {
    super(vertx, config, index, lines, stats);
    this.client = client;
    this.options = options;
  }

  @Override
  protected Future<Void> connect() {
    return client
        .connect(options)
        .map(
            connected -> {
              socket = connected;
              socket.handler(reply -> answered(latency -> stats.recordReply(reply, latency)));
              socket.closeHandler(closed -> closedByPeer(socket.closeStatusCode()));
              // a failing socket is closed by Vert.x, and the close handler counts it
              socket.exceptionHandler(failure -> {});
              return null;
            });
  }

  @Override
  protected void sendFix(long n) {
    line.setLength(0);
    lines.appendLine(line, n);
    socket.writeTextMessage(line.toString());
  }

  @Override
  protected void close() {
    if (socket != null) {
      socket.close();
    }
  }
}

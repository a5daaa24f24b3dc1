package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.WebSocketEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.util.List;

/**
 * One connection of a fan-out load, whatever it sends or receives: counts a failed connect and a
 * close by the server in the run's {@link FanoutStats}, and closes on request without counting the
 * close that follows.
 *
 * <p>Touched on its connection's event loop only.
 */
final class BenchSocket {

  private final FanoutStats stats;
  private WebSocket socket;
  private boolean closed;

  BenchSocket(FanoutStats stats) {
    this.stats = stats;
  }

  /**
   * Connects to {@code url}, handing every message to {@code onMessage}; {@code onClosedByServer}
   * runs when the server closes the connection before {@link #close()} did.
   */
  Future<Void> open(
      WebSocketClient client, URI url, Handler<Buffer> onMessage, Runnable onClosedByServer) {
    return client
        .connect(WebSocketEndpoint.connectOptions(url))
        .onFailure(f -> stats.connectFailures.increment())
        .map(
            ws -> {
              socket = ws;
              ws.handler(onMessage);
              ws.exceptionHandler(f -> {});
              ws.closeHandler(
                  v -> {
                    if (!closed) {
                      stats.closedByPeer(ws.closeStatusCode());
                      closed = true;
                      onClosedByServer.run();
                    }
                  });
              return null;
            });
  }

  /**
   * Connects to {@code url} and subscribes to {@code rooms}. {@code subscribed} fails when the
   * connect does, or when the server closes the connection first (naming {@code who}); its owner
   * completes it once the server confirmed.
   */
  void openSubscribed(
      WebSocketClient client,
      URI url,
      Handler<Buffer> onMessage,
      List<String> rooms,
      String who,
      Promise<Void> subscribed) {
    open(
            client,
            url,
            onMessage,
            () -> subscribed.tryFail(who + " closed by the server before it was subscribed"))
        .onSuccess(v -> rooms.forEach(room -> send(ChatText.subscribe(room))))
        .onFailure(subscribed::tryFail);
  }

  void send(String text) {
    socket.writeTextMessage(text);
  }

  /** Whether either side closed the connection. */
  boolean closed() {
    return closed;
  }

  /** Closes the connection if it opened; a close by the server that follows is not counted. */
  void close() {
    if (!closed) {
      closed = true;
      if (socket != null) {
        socket.close();
      }
    }
  }
}

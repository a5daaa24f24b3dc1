package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.BlockingWait;
import dev.beacon.tools.bench.EventLoopContexts;
import dev.beacon.tools.bench.WebSocketEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.time.Duration;

/**
 * What a fan-out load runs its connections on: a Vert.x of its own with {@link
 * EventLoopContexts#DEFAULT_EVENT_LOOPS} event loops, and one WebSocket client sized for every
 * connection. Closing closes the client, and so every connection, then the Vert.x.
 */
final class LoadClients implements AutoCloseable {

  final Vertx vertx;
  final EventLoopContexts spread;
  final WebSocketClient client;
  private final Duration closeTimeout;

  private LoadClients(
      Vertx vertx, EventLoopContexts spread, WebSocketClient client, Duration closeTimeout) {
    this.vertx = vertx;
    this.spread = spread;
    this.client = client;
    this.closeTimeout = closeTimeout;
  }

  /** For {@code connections} connections, closed within {@code closeTimeout}. */
  static LoadClients open(int connections, Duration closeTimeout) {
    Vertx vertx = EventLoopContexts.newClientVertx();
    try {
      EventLoopContexts spread =
          BlockingWait.result(
              EventLoopContexts.deploy(vertx, EventLoopContexts.DEFAULT_EVENT_LOOPS),
              Duration.ofSeconds(10),
              "contexts");
      WebSocketClient client =
          vertx.createWebSocketClient(WebSocketEndpoint.clientOptions(connections));
      return new LoadClients(vertx, spread, client, closeTimeout);
    } catch (RuntimeException e) {
      BlockingWait.close(vertx);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      BlockingWait.result(client.close(), closeTimeout, "closing the connections");
    } finally {
      BlockingWait.close(vertx);
    }
  }
}

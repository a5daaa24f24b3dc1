package dev.beacon.tools.bench.connections;

import dev.beacon.server.Blocking;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;

/**
 * Sends the benchmark's broadcasts as a client would ({@code {"type":"broadcast"}} on /chat), each
 * over a new connection, and waits for the server's {@code broadcast_ack}.
 *
 * <p>The client is a field on purpose: Vert.x closes a {@code WebSocketClient} and its connections
 * once the client object is garbage-collected, and the benchmark used to keep only the socket of a
 * client made in a local variable; once a GC ran (at 5,000 connections and more), its broadcasts
 * went nowhere.
 */
final class Announcer implements AutoCloseable {

  private static final Duration ACK = Duration.ofSeconds(30);

  private final WebSocketClient client;
  private final URI url;

  Announcer(Vertx vertx, URI url) {
    this.client =
        vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(30_000));
    this.url = url;
  }

  /**
   * Sends broadcast {@code seq}; returns when the server acknowledged it, or throws with the
   * server's error.
   */
  void send(long seq) {
    WebSocket socket =
        Blocking.await(
            client.connect(
                new WebSocketConnectOptions()
                    .setHost(url.getHost())
                    .setPort(url.getPort())
                    .setURI(url.getRawPath())),
            "connect the broadcasting client to " + url,
            ACK);
    try {
      Promise<JsonObject> answer = Promise.promise();
      socket.textMessageHandler(
          text -> {
            JsonObject message = new JsonObject(text);
            if ("broadcast_ack".equals(message.getString("type"))
                || "error".equals(message.getString("type"))) {
              answer.tryComplete(message);
            }
          });
      socket.closeHandler(v -> answer.tryFail("the server closed the broadcasting connection"));
      socket.writeTextMessage(
          new JsonObject()
              .put("type", "broadcast")
              .put("id", "bench-" + seq)
              .put("from", "bench")
              .put("message", ConnectionPool.broadcastText(seq, System.nanoTime()))
              .encode());
      JsonObject reply =
          Blocking.await(answer.future(), "the acknowledgement of broadcast " + seq, ACK);
      if (!"broadcast_ack".equals(reply.getString("type"))) {
        throw new IllegalStateException("broadcast " + seq + " refused: " + reply.encode());
      }
    } finally {
      socket.close();
    }
  }

  @Override
  public void close() {
    Blocking.awaitQuietly(client.close(), "close the broadcasting client");
  }
}

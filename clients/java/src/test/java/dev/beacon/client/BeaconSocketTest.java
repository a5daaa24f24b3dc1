package dev.beacon.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link BeaconSocket} against a real Vert.x WebSocket server in the same JVM. */
class BeaconSocketTest {

  private static final long WAIT_SECONDS = 10;

  private Vertx vertx;
  private HttpServer server;
  private final List<ServerWebSocket> accepted = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> serverReceived = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> serverCloses = new LinkedBlockingQueue<>();
  private volatile Consumer<ServerWebSocket> onAccept = ws -> {};

  @BeforeEach
  void startVertx() throws Exception {
    vertx = Vertx.vertx();
    server = startServer(0);
  }

  private HttpServer startServer(int port) throws Exception {
    return await(
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setMaxWebSocketFrameSize(16 * 1024)
                    .setMaxWebSocketMessageSize(2 << 20))
            .webSocketHandler(
                ws -> {
                  accepted.add(ws);
                  ws.textMessageHandler(
                      text -> {
                        serverReceived.add(text);
                        ws.writeTextMessage(text);
                      });
                  ws.closeHandler(
                      v -> serverCloses.add(ws.closeStatusCode() + " " + ws.closeReason()));
                  onAccept.accept(ws);
                })
            .listen(port, "127.0.0.1"));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private ClientOptions.Builder options() {
    return ClientOptions.builder(URI.create("ws://127.0.0.1:" + server.actualPort() + "/chat"))
        .maxFrameSize(16 * 1024)
        .reconnect(new ReconnectPolicy(true, Duration.ofMillis(20), Duration.ofMillis(100), 0));
  }

  @Test
  @DisplayName(
      "a 300 KB message is fragmented on the way out, and the fragmented echo is reassembled")
  void fragmentsBothWays() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    BeaconSocket socket = new BeaconSocket(vertx, options().build()).textHandler(received::add);
    await(socket.connect());
    String big = "0123456789".repeat(30_000);
    await(socket.send(big));
    assertThat(serverReceived.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(big);
    assertThat(received.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(big);
    await(socket.close());
  }

  @Test
  @DisplayName("custom headers reach the server with the upgrade request")
  void customHeaders() throws Exception {
    BeaconSocket socket = new BeaconSocket(vertx, options().header("X-Beacon-Test", "h1").build());
    await(socket.connect());
    assertThat(accepted.get(0).headers().get("X-Beacon-Test")).isEqualTo("h1");
    await(socket.close());
  }

  @Test
  @DisplayName(
      "close(code, reason) reaches the server and ends in one closed event, without reconnecting")
  void closeWithCodeAndReason() throws Exception {
    BlockingQueue<ClosedEvent> events = new LinkedBlockingQueue<>();
    BeaconSocket socket = new BeaconSocket(vertx, options().build()).closedHandler(events::add);
    await(socket.connect());
    await(socket.close(4321, "done here"));
    assertThat(events.poll(WAIT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo(new ClosedEvent(4321, "done here", true, false));
    assertThat(serverCloses.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("4321 done here");
    assertThat(socket.state()).isEqualTo(ConnectionState.CLOSED);
    assertThat(awaitFailure(socket.send("late"))).hasMessageContaining("CLOSED");
  }

  @Test
  @DisplayName(
      "a transient server close (1011) reconnects by itself; a terminal one (4500) does not")
  void reconnectOrNot() throws Exception {
    BlockingQueue<ClosedEvent> events = new LinkedBlockingQueue<>();
    BlockingQueue<Boolean> opens = new LinkedBlockingQueue<>();
    BeaconSocket socket =
        new BeaconSocket(vertx, options().build())
            .closedHandler(events::add)
            .openHandler(v -> opens.add(true));
    await(socket.connect());
    opens.take();
    accepted.get(0).close((short) 1011, "oops");
    assertThat(events.poll(WAIT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo(new ClosedEvent(1011, "oops", false, true));
    assertThat(opens.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(socket.state()).isEqualTo(ConnectionState.OPEN);
    accepted.get(1).close((short) 4500, "change something");
    assertThat(events.poll(WAIT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo(new ClosedEvent(4500, "change something", false, false));
    assertThat(socket.state()).isEqualTo(ConnectionState.CLOSED);
  }

  @Test
  @DisplayName("messages sent while reconnecting wait in the queue and are written once open again")
  void queuedAcrossReconnect() throws Exception {
    BeaconSocket socket = new BeaconSocket(vertx, options().build());
    await(socket.connect());
    BlockingQueue<Boolean> reopened = new LinkedBlockingQueue<>();
    socket.openHandler(v -> reopened.add(true));
    accepted.get(0).close((short) 1001, "restart");
    Future<Void> sent = socket.send("while away");
    assertThat(reopened.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    await(sent);
    assertThat(serverReceived.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("while away");
    await(socket.close());
  }

  @Test
  @DisplayName("a full send queue refuses at once, and the drain handler says when to send again")
  void backpressure() throws Exception {
    int deadPort = server.actualPort();
    await(server.close());
    BlockingQueue<Boolean> drained = new LinkedBlockingQueue<>();
    BeaconSocket socket =
        new BeaconSocket(
                vertx,
                options()
                    .sendQueueLimit(2)
                    .uri(URI.create("ws://127.0.0.1:" + deadPort + "/chat"))
                    .build())
            .drainHandler(v -> drained.add(true));
    socket.connect();
    Future<Void> first = socket.send("1");
    Future<Void> second = socket.send("2");
    Throwable refused = awaitFailure(socket.send("3"));
    assertThat(refused).isInstanceOf(SendQueueFullException.class);
    assertThat(socket.writeQueueFull()).isTrue();
    server = startServer(deadPort);
    await(first);
    await(second);
    assertThat(drained.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(serverReceived.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("1");
    await(socket.close());
  }

  @Test
  @DisplayName(
      "a message above maxMessageSize is refused on send, and closes with 1009 when received")
  void messageSizeLimit() throws Exception {
    BlockingQueue<ClosedEvent> events = new LinkedBlockingQueue<>();
    onAccept = ws -> ws.writeTextMessage("x".repeat(40_000));
    BeaconSocket socket =
        new BeaconSocket(vertx, options().maxMessageSize(32 * 1024).build())
            .closedHandler(events::add);
    Throwable tooBig = awaitFailure(socket.send("y".repeat(40_000)));
    assertThat(tooBig)
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("40000 bytes");
    socket.connect();
    ClosedEvent event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(event.code()).isEqualTo(1009);
    assertThat(event.byClient()).isTrue();
    assertThat(event.willReconnect()).isFalse();
    assertThat(serverCloses.poll(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("1009");
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  static Throwable awaitFailure(Future<?> future) throws Exception {
    try {
      await(future);
      throw new AssertionError("expected a failure");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }
}

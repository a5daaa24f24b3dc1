package dev.beacon.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract between Beacon's edge and Vert.x's HTTP server, which {@link WebSocketUpgrade}
 * relies on through Vert.x internals: if a Vert.x upgrade changes how a connection's channel is
 * reached, how its pipeline is named or how a graceful shutdown is signalled, these fail first,
 * before any gateway test does.
 */
@ExtendWith(VertxExtension.class)
class WebSocketEdgeTest {

  private static final long WAIT = 10;

  private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private final CompletableFuture<Channel> upgraded = new CompletableFuture<>();
  private final CompletableFuture<Boolean> shutdown = new CompletableFuture<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();
  private HttpServer server;
  private NettyClientSocket socket;

  @BeforeEach
  void listen(Vertx vertx) throws Exception {
    WebSocketUpgrade upgrades = new WebSocketUpgrade(new EdgeLimits(1024, 4096, 8, false));
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setStrictThreadMode(true))
            .requestHandler(
                request -> {
                  if (!WebSocketUpgrade.asksForWebSocket(request)
                      || upgrades.refuseMalformed(request)) {
                    request.response().setStatusCode(418).end();
                    return;
                  }
                  Channel channel =
                      ((HttpServerConnection) request.connection())
                          .channelHandlerContext()
                          .channel();
                  upgrades
                      .accept(request, request.path())
                      .onSuccess(
                          accepted -> {
                            socket = (NettyClientSocket) accepted;
                            accepted.start(new Recorder(accepted));
                            upgraded.complete(channel);
                          });
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(WAIT, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("Vert.x internals: the HTTP/1.x pipeline has the handler names the upgrade replaces")
  void vertxPipelineNames(Vertx vertx) throws Exception {
    CompletableFuture<List<String>> names = new CompletableFuture<>();
    HttpServer plain =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  names.complete(
                      ((HttpServerConnection) request.connection())
                          .channelHandlerContext()
                          .pipeline()
                          .names());
                  request.response().end();
                });
    int port = await(plain.listen(0, "127.0.0.1")).actualPort();
    await(
        vertx
            .createHttpClient()
            .request(io.vertx.core.http.HttpMethod.GET, port, "127.0.0.1", "/")
            .compose(r -> r.send()));
    assertThat(names.get(WAIT, TimeUnit.SECONDS)).contains("httpDecoder", "httpEncoder", "handler");
    await(plain.close());
  }

  @Test
  @DisplayName(
      "after the upgrade the channel holds only Netty's WebSocket codec and Beacon's socket, no Vert.x handler")
  void nothingOfVertxLeft(Vertx vertx) throws Exception {
    WebSocket client = connect(vertx, Map.of());
    Channel channel = upgraded.get(WAIT, TimeUnit.SECONDS);
    CompletableFuture<List<ChannelHandler>> handlers = new CompletableFuture<>();
    channel
        .eventLoop()
        .execute(() -> handlers.complete(channel.pipeline().toMap().values().stream().toList()));

    assertThat(handlers.get(WAIT, TimeUnit.SECONDS))
        .allMatch(WebSocketUpgrade::isEdgeHandler)
        .noneMatch(h -> h.getClass().getName().startsWith("io.vertx"))
        .anyMatch(h -> h instanceof NettyClientSocket);
    client.writeTextMessage("héllo");
    assertThat(texts.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("héllo");
  }

  @Test
  @DisplayName(
      "a message above the message limit in frames within the frame limit closes with 1009")
  void oversizeMessage(Vertx vertx) throws Exception {
    WebSocket client = connect(vertx, Map.of());
    upgraded.get(WAIT, TimeUnit.SECONDS);
    CompletableFuture<Short> status = new CompletableFuture<>();
    client.closeHandler(v -> status.complete(client.closeStatusCode()));
    client.writeFrame(WebSocketFrame.textFrame("x".repeat(1000), false));
    for (int i = 0; i < 5; i++) {
      client.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("y".repeat(1000)), i == 4));
    }
    assertThat(status.get(WAIT, TimeUnit.SECONDS)).isEqualTo((short) 1009);
    assertThat(closed.get(WAIT, TimeUnit.SECONDS)).isEqualTo((short) 1009);
    assertThat(texts).isEmpty();
  }

  @Test
  @DisplayName(
      "a reply above the frame limit goes out as a text frame and continuations within the limit (5.4)")
  void largeReplyFragmented(Vertx vertx) throws Exception {
    WebSocket client = connect(vertx, Map.of());
    BlockingQueue<WebSocketFrame> frames = new LinkedBlockingQueue<>();
    client.frameHandler(frames::add);
    Channel channel = upgraded.get(WAIT, TimeUnit.SECONDS);
    channel.eventLoop().execute(() -> socket.writeText("z".repeat(2500)));

    StringBuilder message = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      WebSocketFrame frame = frames.poll(WAIT, TimeUnit.SECONDS);
      assertThat(frame).isNotNull();
      assertThat(frame.binaryData().length()).isLessThanOrEqualTo(1024);
      assertThat(frame.isFinal()).isEqualTo(i == 2);
      message.append(frame.textData());
    }
    assertThat(message.toString()).isEqualTo("z".repeat(2500));
  }

  @Test
  @DisplayName("a graceful server shutdown reaches the socket as a shutdown, not as a close")
  void shutdownSignal(Vertx vertx) throws Exception {
    connect(vertx, Map.of());
    upgraded.get(WAIT, TimeUnit.SECONDS);
    server.shutdown(2, TimeUnit.SECONDS);
    assertThat(shutdown.get(WAIT, TimeUnit.SECONDS)).isTrue();
    assertThat(closed).isNotDone();
  }

  @Test
  @DisplayName(
      "the handshake headers are kept as one block and come back as lower-case names with their values")
  void headers(Vertx vertx) throws Exception {
    connect(vertx, Map.of("X-Device", "tracker-7"));
    upgraded.get(WAIT, TimeUnit.SECONDS);
    assertThat(socket.headers())
        .containsEntry("x-device", List.of("tracker-7"))
        .containsKey("sec-websocket-key");
    assertThat(socket.path()).isEqualTo("/ws");
    assertThat(socket.remoteAddress()).startsWith("127.0.0.1:");
  }

  private WebSocket connect(Vertx vertx, Map<String, String> headers) {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(server.actualPort())
            .setURI("/ws");
    headers.forEach(options::addHeader);
    WebSocketClient client = vertx.createWebSocketClient();
    return await(client.connect(options));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private final class Recorder implements ClientSocket.Listener {
    private final ClientSocket socket;

    Recorder(ClientSocket socket) {
      this.socket = socket;
    }

    @Override
    public void onText(String text) {
      texts.add(text);
    }

    @Override
    public void onViolation(short closeCode, String reason) {
      socket.close(closeCode, reason);
    }

    @Override
    public void onHeard() {}

    @Override
    public void onWritable() {}

    @Override
    public void onShutdown() {
      shutdown.complete(true);
    }

    @Override
    public void onClosed(short code, String reason) {
      closed.complete(code);
    }
  }
}

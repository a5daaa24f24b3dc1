package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pins down what a plain Vert.x 5 WebSocket server does, which is why {@link TextMessageAssembler} exists. If one
 * of these starts failing after an upgrade, Vert.x has changed and the assembler may be simplified.
 */
@ExtendWith(VertxExtension.class)
class VertxWebSocketBehaviourTest {

  @Test
  @DisplayName("Vert.x delivers invalid UTF-8 in a text message as U+FFFD instead of closing with 1007")
  void noUtf8Validation(Vertx vertx) throws Exception {
    CompletableFuture<String> delivered = new CompletableFuture<>();
    HttpServer server = listen(vertx, new HttpServerOptions(), delivered, new CompletableFuture<>());

    TestClient client = TestClient.connect(vertx, server.actualPort(), "/");
    client.sendRawText(new byte[] {'a', (byte) 0xC3, (byte) 0x28});

    assertThat(delivered.get(5, TimeUnit.SECONDS)).isEqualTo("a\uFFFD(");
  }

  @Test
  @DisplayName("Vert.x reports a message above maxWebSocketMessageSize to the exception handler and keeps the connection")
  void oversizeMessageOnlyReported(Vertx vertx) throws Exception {
    CompletableFuture<Throwable> reported = new CompletableFuture<>();
    HttpServerOptions options = new HttpServerOptions().setMaxWebSocketFrameSize(1024).setMaxWebSocketMessageSize(1024);
    HttpServer server = listen(vertx, options, new CompletableFuture<>(), reported);

    TestClient client = TestClient.connect(vertx, server.actualPort(), "/");
    client.sendFrame(WebSocketFrame.textFrame("x".repeat(800), false));
    client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer("y".repeat(800)), true));

    assertThat(reported.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    assertThat(client.isClosed()).isFalse();
  }

  private static HttpServer listen(Vertx vertx, HttpServerOptions options, CompletableFuture<String> texts,
      CompletableFuture<Throwable> failures) {
    return TestClient.await(vertx.createHttpServer(options)
        .webSocketHandler(socket -> socket
            .textMessageHandler(texts::complete)
            .exceptionHandler(failures::complete))
        .listen(0, "127.0.0.1"));
  }
}

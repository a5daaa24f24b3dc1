package dev.beacon.broadcaster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.runtime.http.HttpTimeouts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BroadcasterHttpTest {

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicBoolean failed = new AtomicBoolean();

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  @Test
  @DisplayName(
      "/ready and /health say UP until a loop fails, then 503; /metrics is Prometheus text; else 404")
  void endpoints() throws Exception {
    BroadcasterHttp server = await(BroadcasterHttp.start(vertx, "127.0.0.1", 0, failed::get));

    assertThat(get(server, "/ready").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get(server, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    assertThat(get(server, "/nope").statusCode()).isEqualTo(404);

    failed.set(true);
    HttpResponse<String> down = get(server, "/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("DOWN");
  }

  @Test
  @DisplayName(
      "a connection that sends no request head within BEACON_HTTP_HEADER_TIMEOUT is closed; requests still work")
  void headerReadDeadline() throws Exception {
    BroadcasterHttp server =
        await(
            BroadcasterHttp.start(
                vertx,
                "127.0.0.1",
                0,
                new HttpTimeouts(Duration.ofSeconds(60), Duration.ofMillis(500)),
                failed::get));
    try (Socket idle = new Socket("127.0.0.1", server.port())) {
      idle.setSoTimeout(30_000);
      int read;
      try {
        read = idle.getInputStream().read();
      } catch (java.io.IOException reset) {
        read = -1;
      }
      assertThat(read).as("the idle connection closed by the server").isEqualTo(-1);
    }
    assertThat(get(server, "/ready").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a taken port fails the start with the variable to change")
  void portTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Future<BroadcasterHttp> start =
          BroadcasterHttp.start(vertx, "127.0.0.1", taken.getLocalPort(), failed::get);

      assertThat(start.toCompletionStage().toCompletableFuture())
          .failsWithin(10, TimeUnit.SECONDS)
          .withThrowableThat()
          .withMessageContaining("BEACON_BROADCASTER_HTTP_PORT");
    }
  }

  private HttpResponse<String> get(BroadcasterHttp server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}

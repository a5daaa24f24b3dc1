package dev.beacon.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HttpStatsRowCounterTest {

  private static Vertx vertx;
  private static int port;

  @BeforeAll
  static void startStatsServer() throws Exception {
    vertx = Vertx.vertx();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  switch (request.path()) {
                    case "/api/stats" ->
                        request.response().end("{\"rows\": 1234, \"store\": {\"rows\": 99}}");
                    case "/broken" -> request.response().setStatusCode(500).end("boom");
                    case "/no-rows" -> request.response().end("{\"devices\": 3}");
                    default -> request.response().setStatusCode(404).end();
                  }
                });
    port =
        server
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS)
            .actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("reads the rows field of /api/stats")
  void readsRows() {
    assertThat(new HttpStatsRowCounter("127.0.0.1", port).getAsLong()).isEqualTo(1234);
  }

  @Test
  @DisplayName("reads a nested field given as a dotted path")
  void readsNestedField() {
    URI stats = URI.create("http://127.0.0.1:" + port + "/api/stats");
    assertThat(new HttpStatsRowCounter(stats, "store.rows").getAsLong()).isEqualTo(99);
  }

  @Test
  @DisplayName("an error status or a missing field is an exception that says what went wrong")
  void failsClearly() {
    URI broken = URI.create("http://127.0.0.1:" + port + "/broken");
    URI noRows = URI.create("http://127.0.0.1:" + port + "/no-rows");
    assertThatThrownBy(() -> new HttpStatsRowCounter(broken, "rows").getAsLong())
        .hasMessageContaining("500");
    assertThatThrownBy(() -> new HttpStatsRowCounter(noRows, "rows").getAsLong())
        .hasMessageContaining("rows");
  }
}

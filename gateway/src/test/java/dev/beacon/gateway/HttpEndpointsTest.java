package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.gateway.inprocess.InProcessBackend;
import dev.beacon.gateway.session.ConnectionListener;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HttpEndpointsTest {

  private final StubReadiness readiness = new StubReadiness();
  private final ManualFixSink sink = new ManualFixSink().autoAck();
  private Vertx vertx;
  private HttpClient http;
  private Gateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    this.http = vertx.createHttpClient();
    gateway =
        TestClient.await(
            Gateway.deploy(
                vertx,
                TestGateways.config().toBuilder().instances(2).build(),
                InProcessBackend.builder()
                    .fixes(sink)
                    .readiness(readiness)
                    .replyTimeout(TestGateways.REPLY_TIMEOUT)
                    .build(),
                ConnectionListener.NONE));
  }

  @Test
  @DisplayName("GET /health is 200 UP")
  void health() {
    Response response = get("/health");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject().put("status", "UP"));
  }

  @Test
  @DisplayName("GET /ready follows Kafka reachability: 200 UP, or 503 DOWN with the reason")
  void ready() {
    Response up = get("/ready");
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.json()).isEqualTo(new JsonObject().put("status", "UP").put("kafka", "UP"));

    readiness.down("Kafka at 127.0.0.1:9092 did not answer within 1500 ms (TimeoutException)");
    Response down = get("/ready");
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.json())
        .isEqualTo(
            new JsonObject()
                .put("status", "DOWN")
                .put("kafka", "DOWN")
                .put(
                    "reason",
                    "Kafka at 127.0.0.1:9092 did not answer within 1500 ms (TimeoutException)"));
  }

  @Test
  @DisplayName("WebSocket upgrades are accepted at / and /ws, on every instance")
  void upgradePaths() throws Exception {
    List<TestClient> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TestClient client = TestClient.connect(vertx, gateway.port(), i % 2 == 0 ? "/" : "/ws");
      clients.add(client);
      client.send("32,1681593747,44.8159745,20.4601243");
      assertThat(client.next()).isEqualTo("OK");
    }
    clients.forEach(TestClient::close);
  }

  @Test
  @DisplayName("WebSocket upgrades elsewhere get 404")
  void upgradeElsewhere() {
    WebSocketClient client = vertx.createWebSocketClient();
    Throwable failure =
        TestClient.awaitFailure(
            TestClient.onContext(
                vertx.getOrCreateContext(),
                () -> client.connect(gateway.port(), "localhost", "/elsewhere")));
    Reference.reachabilityFence(client);
    assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
    assertThat(((UpgradeRejectedException) failure).getStatus()).isEqualTo(404);
  }

  @Test
  @DisplayName("plain HTTP on the WebSocket path is told to upgrade; unknown paths are 404")
  void plainHttp() {
    assertThat(get("/ws").status()).isEqualTo(426);
    assertThat(get("/nothing-here").status()).isEqualTo(404);
  }

  private Response get(String path) {
    return TestClient.await(
        TestClient.onContext(
            vertx.getOrCreateContext(),
            () ->
                http.request(HttpMethod.GET, gateway.port(), "localhost", path)
                    .compose(request -> request.send())
                    .compose(
                        response ->
                            response
                                .body()
                                .map(
                                    body ->
                                        new Response(response.statusCode(), body.toString())))));
  }

  private record Response(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }
}

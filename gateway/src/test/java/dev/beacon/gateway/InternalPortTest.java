package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.gateway.operations.ServerApiConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.lang.ref.Reference;
import java.net.ServerSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The internal port (BEACON_INTERNAL_PORT)")
class InternalPortTest {

  static final String TOKEN = "0123456789abcdef-test";

  @Test
  @DisplayName(
      "serves the admin API and /metrics, which the public port then answers with 404; probes and the console stay on both")
  void splitsOperatorRoutes(Vertx vertx) throws Exception {
    int internalPort = freePort();
    GatewayConfig config =
        TestGateways.config().toBuilder()
            .serverApi(
                ServerApiConfig.builder()
                    .adminToken(TOKEN)
                    .internalPort(internalPort)
                    .internalHost("127.0.0.1")
                    .build())
            .build();
    Gateway gateway = TestGateways.deployMessaging(vertx, config, new InMemoryMessageSink());
    int publicPort = gateway.port();

    assertThat(status(vertx, publicPort, "/metrics")).isEqualTo(404);
    assertThat(status(vertx, publicPort, "/api/clients/count")).isEqualTo(404);
    assertThat(status(vertx, publicPort, "/health")).isEqualTo(200);
    assertThat(status(vertx, internalPort, "/metrics")).isEqualTo(200);
    assertThat(status(vertx, internalPort, "/api/clients/count")).isEqualTo(200);
    assertThat(status(vertx, internalPort, "/ready")).isEqualTo(200);
    assertThat(status(vertx, publicPort, "/console/")).isEqualTo(200);
    assertThat(status(vertx, publicPort, "/beacon.js")).isEqualTo(200);
    assertThat(status(vertx, internalPort, "/console/")).isEqualTo(200);
    TestClient chat = TestClient.connect(vertx, publicPort, "/chat");
    assertThat(chat.nextJson().getString("type")).isEqualTo("welcome");
  }

  @Test
  @DisplayName("is off by default: everything on the public port, as before")
  void offByDefault(Vertx vertx) {
    GatewayConfig config =
        TestGateways.config().toBuilder()
            .serverApi(ServerApiConfig.builder().adminToken(TOKEN).build())
            .build();
    Gateway gateway = TestGateways.deployMessaging(vertx, config, new InMemoryMessageSink());
    assertThat(status(vertx, gateway.port(), "/metrics")).isEqualTo(200);
    assertThat(status(vertx, gateway.port(), "/api/clients/count")).isEqualTo(200);
  }

  static int status(Vertx vertx, int port, String path) {
    HttpClient http = vertx.createHttpClient();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setPort(port)
            .setHost("127.0.0.1")
            .setURI(path)
            .putHeader("Authorization", "Bearer " + TOKEN);
    int status =
        TestClient.await(
            TestClient.onContext(
                vertx.getOrCreateContext(),
                () ->
                    http.request(options)
                        .compose(request -> request.send())
                        .compose(r -> r.body().map(b -> r.statusCode()))));
    Reference.reachabilityFence(http);
    return status;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

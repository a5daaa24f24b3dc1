package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.gateway.inprocess.InProcessBackend;
import dev.beacon.gateway.operations.ServerApiConfig;
import dev.beacon.gateway.session.ConnectionInfo;
import dev.beacon.gateway.session.ConnectionListener;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server side without Kafka: admin API, connection limit, drain, listeners (in-memory sink as
 * broadcaster).
 */
@ExtendWith(VertxExtension.class)
class ServerSideTest {

  private static final String TOKEN = "0123456789abcdef-test";

  private final InMemoryMessageSink messages = new InMemoryMessageSink();
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  @Test
  @DisplayName("the admin API is 404 without a configured token, 401 without or with a wrong token")
  void adminApiGuarded(Vertx vertx) {
    Gateway off = deploy(vertx, ServerApiConfig.defaults());
    assertThat(request(vertx, off, HttpMethod.GET, "/api/clients/count", TOKEN, null).status())
        .isEqualTo(404);
    assertThat(
            request(vertx, off, HttpMethod.GET, "/api/clients/count", TOKEN, null)
                .json()
                .getString("message"))
        .contains("BEACON_ADMIN_TOKEN");

    Gateway on = deploy(vertx, ServerApiConfig.builder().adminToken(TOKEN).build());
    Response none = request(vertx, on, HttpMethod.GET, "/api/clients/count", null, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().getString("error")).isEqualTo("unauthorized");
    assertThat(request(vertx, on, HttpMethod.GET, "/api/clients/count", TOKEN + "x", null).status())
        .isEqualTo(401);
    assertThat(
            request(vertx, on, HttpMethod.GET, "/api/clients/count", TOKEN, null)
                .json()
                .getInteger("count"))
        .isZero();
  }

  @Test
  @DisplayName(
      "the admin API lists, sends to one client only, and disconnects with the given code and reason")
  void adminApiOperations(Vertx vertx) throws Exception {
    Gateway gateway =
        deploy(vertx, ServerApiConfig.builder().adminToken(TOKEN).pathPrefix("/rt").build());
    TestClient ana = TestClient.connect(vertx, gateway.port(), "/rt/chat");
    TestClient bob = TestClient.connect(vertx, gateway.port(), "/rt/chat");
    String anaId = ana.nextJson().getString("client_id");
    bob.nextJson();

    JsonObject list =
        request(vertx, gateway, HttpMethod.GET, "/rt/api/clients?room=lobby&limit=1", TOKEN, null)
            .json();
    assertThat(list.getInteger("count")).isEqualTo(2);
    assertThat(list.getBoolean("truncated")).isTrue();
    assertThat(list.getJsonArray("clients").getJsonObject(0).fieldNames())
        .contains("client_id", "gateway", "remote", "connected_at", "rooms");

    Response sent =
        request(
            vertx,
            gateway,
            HttpMethod.POST,
            "/rt/api/clients/" + anaId + "/send",
            TOKEN,
            new JsonObject().put("message", "for ana only"));
    assertThat(sent.status()).isEqualTo(202);
    assertThat(ana.nextJson().getString("content")).isEqualTo("for ana only");

    assertThat(
            request(
                    vertx,
                    gateway,
                    HttpMethod.POST,
                    "/rt/api/clients/" + anaId + "/disconnect",
                    TOKEN,
                    new JsonObject().put("code", 1001))
                .status())
        .isEqualTo(400);
    assertThat(
            request(
                    vertx,
                    gateway,
                    HttpMethod.POST,
                    "/rt/api/clients/nobody/disconnect",
                    TOKEN,
                    new JsonObject())
                .status())
        .isEqualTo(404);
    request(
        vertx,
        gateway,
        HttpMethod.POST,
        "/rt/api/clients/" + anaId + "/disconnect",
        TOKEN,
        new JsonObject().put("code", 4321).put("reason", "go home"));
    assertThat(ana.awaitClose()).isEqualTo((short) 4321);
    assertThat(ana.closeReason()).isEqualTo("go home");
    assertThat(bob.pending()).isZero();
    bob.close();
  }

  @Test
  @DisplayName("one upgrade above max connections gets 503; a freed slot is taken again")
  void maxConnections(Vertx vertx) throws Exception {
    Gateway gateway = deploy(vertx, ServerApiConfig.builder().maxConnections(2).build());
    TestClient first = TestClient.connect(vertx, gateway.port(), "/ws");
    TestClient second = TestClient.connect(vertx, gateway.port(), "/ws");
    assertThat(rejectedStatus(vertx, gateway, "/ws")).isEqualTo(503);

    first.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (gateway.connections().connections() > 1 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    TestClient third = TestClient.connect(vertx, gateway.port(), "/ws");
    third.send("32,1681593747,44.8159745,20.4601243");
    assertThat(third.next()).isEqualTo("OK");
    second.close();
    third.close();
  }

  @Test
  @DisplayName(
      "a drain fails readiness at once, refuses upgrades, and closes every client with 1001")
  void drain(Vertx vertx) throws Exception {
    Gateway gateway =
        deploy(
            vertx,
            ServerApiConfig.builder()
                .drainReadinessDelay(Duration.ofMillis(300))
                .drainWindow(Duration.ofMillis(300))
                .build());
    List<TestClient> clients =
        List.of(
            TestClient.connect(vertx, gateway.port(), "/chat"),
            TestClient.connect(vertx, gateway.port(), "/ws"),
            TestClient.connect(vertx, gateway.port(), "/ws"));

    gateway.drain();
    var ready = request(vertx, gateway, HttpMethod.GET, "/ready", null, null);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().getString("status")).isEqualTo("DRAINING");
    assertThat(rejectedStatus(vertx, gateway, "/ws")).isEqualTo(503);
    for (TestClient client : clients) {
      assertThat(client.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
    }
  }

  @Test
  @DisplayName(
      "listeners hear connect with the handshake headers, each message, and disconnect with its code")
  void listeners(Vertx vertx) throws Exception {
    ConnectionListener listener =
        new ConnectionListener() {
          @Override
          public void onConnect(ConnectionInfo c) {
            events.add("connect " + c.path() + " " + c.header("X-App-User"));
          }

          @Override
          public void onMessage(ConnectionInfo c, String text) {
            events.add("message " + text);
          }

          @Override
          public void onDisconnect(ConnectionInfo c, int code, String reason) {
            events.add("disconnect " + code);
          }
        };
    Gateway gateway =
        TestClient.await(
            Gateway.deploy(
                vertx,
                TestGateways.config(),
                InProcessBackend.builder()
                    .fixes(new ManualFixSink().autoAck())
                    .messages(messages)
                    .readiness(new StubReadiness())
                    .replyTimeout(TestGateways.REPLY_TIMEOUT)
                    .build(),
                listener));
    TestClient client =
        TestClient.connect(
            vertx,
            new WebSocketConnectOptions()
                .setPort(gateway.port())
                .setHost("localhost")
                .setURI("/ws")
                .addHeader("X-App-User", "ana"));
    client.send("32,1681593747,44.8159745,20.4601243");
    assertThat(client.next()).isEqualTo("OK");
    client.close();

    assertThat(nextEvent()).isEqualTo("connect /ws ana");
    assertThat(nextEvent()).isEqualTo("message 32,1681593747,44.8159745,20.4601243");
    assertThat(nextEvent()).isEqualTo("disconnect 1000");
  }

  private String nextEvent() throws InterruptedException {
    String event = events.poll(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(event).as("a listener event").isNotNull();
    return event;
  }

  private Gateway deploy(Vertx vertx, ServerApiConfig server) {
    return TestGateways.deployMessaging(
        vertx, TestGateways.config().toBuilder().instances(2).serverApi(server).build(), messages);
  }

  private static int rejectedStatus(Vertx vertx, Gateway gateway, String path) {
    WebSocketClient client = vertx.createWebSocketClient();
    Throwable failure =
        TestClient.awaitFailure(
            TestClient.onContext(
                vertx.getOrCreateContext(),
                () -> client.connect(gateway.port(), "localhost", path)));
    Reference.reachabilityFence(client);
    assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
    return ((UpgradeRejectedException) failure).getStatus();
  }

  private static Response request(
      Vertx vertx, Gateway gateway, HttpMethod method, String path, String token, JsonObject body) {
    HttpClient http = vertx.createHttpClient();
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setPort(gateway.port())
            .setHost("localhost")
            .setURI(path);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    Response response =
        TestClient.await(
            TestClient.onContext(
                vertx.getOrCreateContext(),
                () ->
                    http.request(options)
                        .compose(
                            request ->
                                body == null
                                    ? request.send()
                                    : request.send(Buffer.buffer(body.encode())))
                        .compose(
                            r -> r.body().map(b -> new Response(r.statusCode(), b.toString())))));
    Reference.reachabilityFence(http);
    return response;
  }

  private record Response(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }
}

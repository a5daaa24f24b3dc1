package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.common.channels.ChannelNamespace;
import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.proxy.ProxyConfig;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy hooks on a real broker: two gateways ask one application backend (a real Vert.x HTTP
 * server) who connects and what is published, and what the backend allowed or changed travels
 * through Kafka to the other gateway; a third gateway's backend is dead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Proxy hooks across gateways on a real broker")
class ProxyHooksIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dir;
  private EmbeddedKafka kafka;
  private Vertx vertx;
  private BroadcasterService broadcaster;
  private HttpServer app;
  private Gateway gwA;
  private Gateway gwB;
  private Gateway gwDead;

  @BeforeAll
  void start() throws Exception {
    kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir));
    KafkaSettings settings =
        KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build();
    vertx = Vertx.vertx();
    app =
        Blocking.await(
            vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1"),
            "application backend");
    String base = "http://127.0.0.1:" + app.actualPort();
    broadcaster =
        Blocking.await(
            BroadcasterService.start(vertx, BroadcasterConfig.defaults(), settings), "broadcaster");
    ProxyConfig live =
        ProxyConfig.builder()
            .connectUrl(base + "/connect")
            .subscribeUrl(base + "/subscribe")
            .publishUrl(base + "/publish")
            .forwardHeaders(List.of("Cookie"))
            .build();
    gwA = deploy("gw-proxy-a", live, settings);
    gwB = deploy("gw-proxy-b", live, settings);
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    gwDead =
        deploy(
            "gw-proxy-dead",
            ProxyConfig.builder().publishUrl("http://127.0.0.1:" + closedPort + "/publish").build(),
            settings);
  }

  private Gateway deploy(String id, ProxyConfig proxy, KafkaSettings settings) {
    return Blocking.await(
        Gateway.deploy(
            vertx,
            GatewayConfig.builder()
                .port(0)
                .deviceAuth(DeviceAuthMode.OPEN)
                .gatewayId(id)
                .instances(1)
                .proxy(proxy)
                .namespaces(
                    ChannelNamespaces.of(
                        List.of(
                            ChannelNamespace.builder("mod").proxyPublish(true).build(),
                            ChannelNamespace.builder("priv").proxySubscribe(true).build())))
                .build(),
            KafkaBackend.of(settings),
            ConnectionListener.NONE),
        "gateway " + id);
  }

  /**
   * The application: a connection's user is its {@code user} cookie, and it follows {@code
   * mod:room}; publishes are stamped {@code checked}, unless they ask to be refused; {@code priv:}
   * channels are members only.
   */
  private void answer(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            buffer -> {
              JsonObject body = buffer.toJsonObject();
              JsonObject reply =
                  switch (request.path()) {
                    case "/connect" -> {
                      String cookie = String.valueOf(request.getHeader("Cookie"));
                      yield cookie.startsWith("user=")
                          ? result(
                              new JsonObject()
                                  .put("user", cookie.substring(5))
                                  .put("channels", new JsonArray().add("mod:room")))
                          : new JsonObject()
                              .put(
                                  "disconnect",
                                  new JsonObject().put("code", 4501).put("reason", "log in first"));
                    }
                    case "/publish" -> {
                      JsonObject data = body.getJsonObject("data");
                      yield data.getBoolean("deny", false)
                          ? error(1001, "moderated")
                          : result(new JsonObject().put("data", data.copy().put("checked", true)));
                    }
                    case "/subscribe" -> error(403, "members only");
                    default -> error(404, "no such hook");
                  };
              request.response().putHeader("Content-Type", "application/json").end(reply.encode());
            });
  }

  private static JsonObject result(JsonObject result) {
    return new JsonObject().put("result", result);
  }

  private static JsonObject error(int code, String message) {
    return new JsonObject()
        .put("error", new JsonObject().put("code", code).put("message", message));
  }

  @AfterAll
  void stop() {
    for (Gateway g : List.of(gwA, gwB, gwDead)) {
      Blocking.awaitQuietly(g.close(), "stop gateway");
    }
    Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
    Blocking.awaitQuietly(app.close(), "stop backend");
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
    kafka.close();
  }

  private TextClient user(Gateway gateway, String cookie) {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port()).setURI("/chat");
    if (cookie != null) {
      options.addHeader("Cookie", cookie);
    }
    return TextClient.connect(vertx, new WebSocketClientOptions(), options);
  }

  @Test
  @DisplayName(
      "the backend names the users and their channel; data it changed on gateway B reaches"
          + " gateway A through Kafka; what it refuses is published nowhere")
  void allowedChangedAndRefusedAcrossGateways() {
    TextClient alice = user(gwA, "user=alice");
    assertThat(nextOfType(alice, "welcome").getString("client_id")).isEqualTo("alice");
    TextClient bob = user(gwB, "user=bob");
    assertThat(nextOfType(bob, "welcome").getString("client_id")).isEqualTo("bob");

    bob.send("{\"type\":\"publish\",\"channel\":\"mod:room\",\"data\":{\"deny\":true},\"id\":1}");
    JsonObject refused = nextOfType(bob, "error");
    assertThat(refused.getString("code")).isEqualTo("proxy_refused");
    assertThat(refused.getInteger("app_code")).isEqualTo(1001);

    bob.send("{\"type\":\"publish\",\"channel\":\"mod:room\",\"data\":{\"n\":1}}");
    for (TextClient client : List.of(alice, bob)) {
      JsonObject delivered = nextOfType(client, "chat", "publish");
      assertThat(delivered.getJsonObject("data"))
          .isEqualTo(new JsonObject().put("n", 1).put("checked", true));
      assertThat(delivered.getString("verified_sub")).isEqualTo("bob");
      assertThat(delivered.getString("pos")).as("a position: it came through Kafka").isNotBlank();
    }
    assertThat(alice.pollReply(Duration.ofMillis(500)))
        .as("the refused publish reached no one")
        .isNull();

    alice.send("{\"type\":\"subscribe\",\"room\":\"priv:x\",\"id\":2}");
    JsonObject members = nextOfType(alice, "error");
    assertThat(members.getString("code")).isEqualTo("proxy_refused");
    assertThat(members.getInteger("app_code")).isEqualTo(403);
    alice.close();
    bob.close();
  }

  @Test
  @DisplayName("a connection the backend does not know is closed with its code, before welcome")
  void refusedConnection() {
    TextClient stranger = user(gwA, null);
    assertThat(stranger.awaitCloseCode(WAIT)).isEqualTo((short) 4501);
    assertThat(stranger.closeReason()).isEqualTo("log in first");
  }

  @Test
  @DisplayName("a dead backend: the publish is answered proxy_unavailable and nothing is published")
  void deadBackend() {
    TextClient client = TextClient.connect(vertx, gwDead.port(), "/chat");
    nextOfType(client, "welcome");
    client.send("{\"type\":\"subscribe\",\"room\":\"mod:room\"}");
    nextOfType(client, "subscribed");
    client.send("{\"type\":\"publish\",\"channel\":\"mod:room\",\"data\":{\"n\":2},\"id\":3}");
    JsonObject unavailable = nextOfType(client, "error");
    assertThat(unavailable.getString("code")).isEqualTo("proxy_unavailable");
    assertThat(unavailable.getInteger("id")).isEqualTo(3);
    assertThat(client.pollReply(Duration.ofSeconds(1))).as("nothing delivered").isNull();
    client.close();
  }

  private static JsonObject nextOfType(TextClient client, String... types) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject m = new JsonObject(client.nextReply(WAIT));
      if (List.of(types).contains(m.getString("type"))) {
        return m;
      }
    }
    throw new AssertionError("no message of type " + List.of(types) + " within " + WAIT);
  }
}

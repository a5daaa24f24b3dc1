package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.channels.ChannelNamespace;
import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.gateway.proxy.ProxyConfig;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.auth.JwtSigner;
import dev.beacon.runtime.metrics.BeaconMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Proxy hooks against a real HTTP backend")
class ProxyHooksTest {

  private static final JsonObject ALLOW = new JsonObject().put("result", new JsonObject());

  private final InMemoryMessageSink messages = new InMemoryMessageSink();
  private Vertx vertx;
  private FakeAppBackend app;
  private Gateway gateway;

  @BeforeEach
  void startBackend(Vertx vertx) {
    this.vertx = vertx;
    app = FakeAppBackend.start(vertx);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      TestClient.await(gateway.close());
    }
    app.close();
  }

  /** A gateway whose {@code priv:} channels ask subscribe and {@code mod:} channels ask publish. */
  private void deploy(UnaryOperator<ProxyConfig.Builder> proxy) {
    GatewayConfig config =
        TestGateways.config().toBuilder()
            .gatewayId("gw-proxy-" + System.nanoTime())
            .proxy(proxy.apply(ProxyConfig.builder()).build())
            .namespaces(
                ChannelNamespaces.of(
                    List.of(
                        ChannelNamespace.builder("priv").proxySubscribe(true).build(),
                        ChannelNamespace.builder("mod").proxyPublish(true).build())))
            .build();
    gateway = TestGateways.deployMessaging(vertx, config, messages);
  }

  private TestClient chat() {
    return TestClient.connect(vertx, gateway.port(), "/chat");
  }

  private static JsonObject connectResult(JsonObject result) {
    return new JsonObject().put("result", result);
  }

  @Test
  @DisplayName(
      "connect allowed with changes: the backend's user is the client id, its channels are"
          + " joined, allow-listed headers reach it and others do not")
  void connectModifies() throws Exception {
    app.answer(
        "/connect",
        connectResult(
            new JsonObject()
                .put("user", "alice")
                .put("info", new JsonObject().put("role", "editor"))
                .put("channels", new JsonArray().add("news:1"))));
    app.answer("/subscribe", ALLOW);
    deploy(p -> p.connectUrl(app.url("/connect")).forwardHeaders(List.of("Cookie")));

    TestClient alice =
        TestClient.connect(
            vertx,
            new WebSocketConnectOptions()
                .setPort(gateway.port())
                .setHost("localhost")
                .setURI("/chat")
                .addHeader("Cookie", "session=s3cr3t")
                .addHeader("X-Other", "not forwarded"));
    JsonObject welcome = alice.nextJson();
    assertThat(welcome.getString("type")).isEqualTo("welcome");
    assertThat(welcome.getString("client_id")).isEqualTo("alice");
    JsonObject subscribed = alice.nextJson();
    assertThat(subscribed.getString("type")).isEqualTo("subscribed");
    assertThat(subscribed.getString("room")).isEqualTo("news:1");
    assertThat(subscribed.getBoolean("server")).isTrue();

    FakeAppBackend.Call call = app.nextCall();
    assertThat(call.path()).isEqualTo("/connect");
    assertThat(call.body().getString("transport")).isEqualTo("websocket");
    assertThat(call.body().getString("path")).isEqualTo("/chat");
    assertThat(call.body().getString("client")).isNotBlank();
    assertThat(call.headers().get("Cookie")).isEqualTo("session=s3cr3t");
    assertThat(call.headers().get("X-Other")).isNull();

    TestClient bob = chat();
    bob.nextJson();
    app.nextCall();
    bob.send("{\"type\":\"chat\",\"room\":\"news:1\",\"content\":\"hi\",\"sender\":\"bob\"}");
    JsonObject delivered = alice.nextJson();
    assertThat(delivered.getString("room")).isEqualTo("news:1");
    assertThat(delivered.getString("content")).isEqualTo("hi");

    alice.send("{\"type\":\"chat\",\"room\":\"lobby\",\"content\":\"me\",\"sender\":\"a\"}");
    JsonObject own = alice.nextJson();
    assertThat(own.getString("verified_sub")).isEqualTo("alice");
  }

  @Test
  @DisplayName(
      "a connection with a JWT is not asked about (its token is its identity), as in Centrifugo")
  void tokenConnectionsSkipConnect() throws Exception {
    app.answer(
        "/connect",
        new JsonObject().put("disconnect", new JsonObject().put("code", 4501).put("reason", "no")));
    GatewayConfig config =
        TestGateways.config().toBuilder()
            .gatewayId("gw-proxy-jwt")
            .proxy(ProxyConfig.builder().connectUrl(app.url("/connect")).build())
            .security(
                SecurityConfig.builder()
                    .jwt(JwtConfig.builder().hs256Secret(DeviceIdentityTest.SECRET).build())
                    .build())
            .build();
    gateway = TestGateways.deployMessaging(vertx, config, messages);
    TestClient withToken =
        TestClient.connect(
            vertx,
            new WebSocketConnectOptions()
                .setPort(gateway.port())
                .setHost("localhost")
                .setURI("/chat")
                .addHeader(
                    "Authorization",
                    "Bearer "
                        + JwtSigner.hs256(
                            DeviceIdentityTest.claims("dora"), DeviceIdentityTest.SECRET)));
    JsonObject welcome = withToken.nextJson();
    assertThat(welcome.getString("client_id")).isEqualTo("dora");
    assertThat(app.callsSeen()).isZero();
  }

  @Test
  @DisplayName("connect refused: a disconnect closes with the backend's code, an error with 4540")
  void connectRefused() throws Exception {
    app.answer(
        "/connect",
        new JsonObject()
            .put("disconnect", new JsonObject().put("code", 4501).put("reason", "unauthorized")));
    deploy(p -> p.connectUrl(app.url("/connect")));
    TestClient refused = chat();
    assertThat(refused.awaitClose()).isEqualTo((short) 4501);
    assertThat(refused.closeReason()).isEqualTo("unauthorized");
    assertThat(refused.pending()).isZero();

    app.answer(
        "/connect",
        new JsonObject()
            .put("error", new JsonObject().put("code", 403).put("message", "no session")));
    TestClient errored = chat();
    assertThat(errored.awaitClose()).isEqualTo(CloseCodes.PROXY_REFUSED);
    assertThat(errored.closeReason()).contains("403").contains("no session");
    // Both refused connections gave their slots back once their sockets closed.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.WAIT_SECONDS);
    while (gateway.connections().connections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(gateway.connections().connections()).isZero();
  }

  @Test
  @DisplayName(
      "a slow backend: the connect is closed with 4040 at the timeout, and the gateway answers"
          + " others meanwhile")
  void slowBackend() throws Exception {
    app.stall("/connect");
    deploy(p -> p.connectUrl(app.url("/connect")).timeout(Duration.ofSeconds(3)));
    TestClient waiting = chat();
    app.nextCall();

    // While the backend sits on the call, the gateway still serves HTTP and other paths.
    io.vertx.core.http.HttpClient http = vertx.createHttpClient();
    int status =
        TestClient.await(
            http.request(io.vertx.core.http.HttpMethod.GET, gateway.port(), "127.0.0.1", "/health")
                .compose(request -> request.send())
                .map(response -> response.statusCode()));
    assertThat(status).isEqualTo(200);

    short code = waiting.awaitCloseWithin(Duration.ofSeconds(15));
    assertThat(code).isEqualTo(CloseCodes.PROXY_UNAVAILABLE);
    assertThat(waiting.closeReason()).contains("timeout");
  }

  @Test
  @DisplayName("a dead backend (connection refused): the connect is closed with 4040")
  void deadBackend() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    deploy(p -> p.connectUrl("http://127.0.0.1:" + closedPort + "/connect"));
    TestClient client = chat();
    assertThat(client.awaitClose()).isEqualTo(CloseCodes.PROXY_UNAVAILABLE);
    assertThat(client.closeReason()).contains("error");
  }

  @Test
  @DisplayName(
      "beyond BEACON_PROXY_MAX_IN_FLIGHT calls, a connect is refused at once (4040, overloaded)"
          + " and counted")
  void inFlightCap() throws Exception {
    app.stall("/connect");
    deploy(p -> p.connectUrl(app.url("/connect")).maxInFlight(1).timeout(Duration.ofSeconds(30)));
    TestClient first = chat();
    app.nextCall();
    TestClient second = chat();
    assertThat(second.awaitClose()).isEqualTo(CloseCodes.PROXY_UNAVAILABLE);
    assertThat(second.closeReason()).contains("overloaded");
    assertThat(first.isClosed()).isFalse();
    assertThat(app.callsSeen()).isZero();
    assertThat(BeaconMetrics.scrape())
        .contains(
            "beacon_proxy_calls_total{gateway=\""
                + gateway.gatewayId()
                + "\",hook=\"connect\",outcome=\"overloaded\"} 1.0");
  }

  @Test
  @DisplayName(
      "subscribe in a proxied namespace: refused with the backend's code, allowed with its data;"
          + " other namespaces are not asked")
  void subscribe() throws Exception {
    app.answer(
        "/subscribe",
        body ->
            body.getString("channel").equals("priv:secret")
                ? new JsonObject()
                    .put("error", new JsonObject().put("code", 403).put("message", "members only"))
                : connectResult(new JsonObject().put("data", new JsonObject().put("motd", "hi"))));
    deploy(p -> p.subscribeUrl(app.url("/subscribe")));
    TestClient client = chat();
    client.nextJson();

    client.send("{\"type\":\"subscribe\",\"room\":\"priv:secret\",\"id\":1}");
    JsonObject refused = client.nextJson();
    assertThat(refused.getString("type")).isEqualTo("error");
    assertThat(refused.getString("code")).isEqualTo("proxy_refused");
    assertThat(refused.getInteger("app_code")).isEqualTo(403);
    assertThat(refused.getString("message")).contains("members only");
    assertThat(refused.getInteger("id")).isEqualTo(1);
    FakeAppBackend.Call call = app.nextCall();
    assertThat(call.body().getString("channel")).isEqualTo("priv:secret");
    assertThat(call.body().getString("user")).isEmpty();

    client.send("{\"type\":\"subscribe\",\"room\":\"priv:open\",\"id\":2}");
    JsonObject subscribed = client.nextJson();
    assertThat(subscribed.getString("type")).isEqualTo("subscribed");
    assertThat(subscribed.getJsonObject("data")).isEqualTo(new JsonObject().put("motd", "hi"));
    app.nextCall();

    client.send("{\"type\":\"subscribe\",\"room\":\"plain\",\"id\":3}");
    assertThat(client.nextJson().getString("type")).isEqualTo("subscribed");
    assertThat(app.callsSeen()).isZero();
  }

  @Test
  @DisplayName(
      "publish in a proxied namespace: the backend's data replaces the content; refused and"
          + " unreachable backends answer errors and publish nothing")
  void publish() throws Exception {
    app.answer(
        "/publish",
        body ->
            body.getValue("data") instanceof JsonObject data
                ? connectResult(new JsonObject().put("data", data.copy().put("checked", true)))
                : body.getString("data").equals("forbidden")
                    ? new JsonObject()
                        .put(
                            "error", new JsonObject().put("code", 1001).put("message", "moderated"))
                    : connectResult(
                        new JsonObject().put("data", body.getString("data").toUpperCase())));
    deploy(p -> p.publishUrl(app.url("/publish")));
    TestClient client = chat();
    client.nextJson();
    client.send("{\"type\":\"subscribe\",\"room\":\"mod:room\"}");
    client.nextJson();

    client.send("{\"type\":\"chat\",\"room\":\"mod:room\",\"content\":\"hello\",\"sender\":\"a\"}");
    JsonObject delivered = client.nextJson();
    assertThat(delivered.getString("type")).isEqualTo("chat");
    assertThat(delivered.getString("content")).isEqualTo("HELLO");
    FakeAppBackend.Call call = app.nextCall();
    assertThat(call.body().getString("channel")).isEqualTo("mod:room");
    assertThat(call.body().getString("data")).isEqualTo("hello");

    client.send("{\"type\":\"publish\",\"channel\":\"mod:room\",\"data\":{\"n\":1}}");
    JsonObject published = client.nextJson();
    assertThat(published.getJsonObject("data"))
        .isEqualTo(new JsonObject().put("n", 1).put("checked", true));
    assertThat(app.nextCall().body().getJsonObject("data")).isEqualTo(new JsonObject().put("n", 1));

    client.send(
        "{\"type\":\"chat\",\"room\":\"mod:room\",\"content\":\"forbidden\",\"sender\":\"a\",\"id\":7}");
    JsonObject refused = client.nextJson();
    assertThat(refused.getString("code")).isEqualTo("proxy_refused");
    assertThat(refused.getInteger("app_code")).isEqualTo(1001);
    app.nextCall();

    app.close();
    client.send(
        "{\"type\":\"chat\",\"room\":\"mod:room\",\"content\":\"later\",\"sender\":\"a\",\"id\":8}");
    JsonObject unavailable = client.nextJson();
    assertThat(unavailable.getString("code")).isEqualTo("proxy_unavailable");
    assertThat(unavailable.getInteger("id")).isEqualTo(8);
    app = FakeAppBackend.start(vertx);
    assertThat(messages.waiting()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "refresh on a connection the connect hook identified: extended by expire_at, ended by"
          + " expired (4011)")
  void refresh() throws Exception {
    long later = System.currentTimeMillis() / 1000 + 3600;
    app.answer(
        "/connect", connectResult(new JsonObject().put("user", "carol").put("expire_at", later)));
    app.answer(
        "/refresh",
        body ->
            body.getString("token").equals("end")
                ? connectResult(new JsonObject().put("expired", true))
                : connectResult(new JsonObject().put("expire_at", later + 60)));
    deploy(p -> p.connectUrl(app.url("/connect")).refreshUrl(app.url("/refresh")));
    TestClient client = chat();
    client.nextJson();
    app.nextCall();

    client.send("{\"type\":\"refresh\",\"token\":\"keep\",\"id\":1}");
    JsonObject refreshed = client.nextJson();
    assertThat(refreshed.getString("type")).isEqualTo("refreshed");
    assertThat(refreshed.getLong("exp")).isEqualTo(later + 60);
    FakeAppBackend.Call call = app.nextCall();
    assertThat(call.body().getString("user")).isEqualTo("carol");

    client.send("{\"type\":\"refresh\",\"token\":\"end\",\"id\":2}");
    assertThat(client.awaitClose()).isEqualTo(CloseCodes.TOKEN_EXPIRED);
  }
}

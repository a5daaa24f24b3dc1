package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.TextClient;
import dev.beacon.it.support.Tokens;
import dev.beacon.runtime.auth.JwtSigner;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code beacon gateway} process configured through its environment with an Origin allow-list,
 * HS256 and RS256 keys, a low rate limit, a per-address limit and small frame, fragment and header
 * limits, against a real broker and broadcaster. Every refusal is asserted with its documented HTTP
 * status or close code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A secured gateway")
class SecurityIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String ALLOWED_ORIGIN = "https://app.example.com";
  static final int MAX_PER_IP = 20;
  static final int MAX_FRAME = 4096;
  static final int MAX_FRAGMENTS = 8;
  static final String LINE = "32,1681593747,44.8159745,20.4601243";

  final Tokens tokens = new Tokens();
  @TempDir static Path dir;
  EmbeddedKafka kafka;
  Vertx vertx;
  BroadcasterService broadcaster;
  BeaconProcess gateway;
  int port;

  @BeforeAll
  void start() throws IOException {
    kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")));
    vertx = Vertx.vertx();
    broadcaster =
        Blocking.await(
            BroadcasterService.start(
                vertx,
                BroadcasterConfig.defaults(),
                KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build()),
            "start broadcaster");
    port = FreePorts.next();
    gateway =
        BeaconProcess.start(
            dir.resolve("gateway.log"),
            Map.ofEntries(
                Map.entry("BEACON_KAFKA_BOOTSTRAP", kafka.bootstrap()),
                Map.entry("BEACON_KAFKA_PARTITIONS", "3"),
                Map.entry("BEACON_GATEWAY_PORT", String.valueOf(port)),
                Map.entry("BEACON_ALLOWED_ORIGINS", ALLOWED_ORIGIN + ",https://*.beacon.test"),
                Map.entry("BEACON_JWT_HS256_SECRET", Tokens.SECRET),
                Map.entry(
                    "BEACON_JWT_RS256_PUBLIC_KEY",
                    tokens.writePublicKey(dir.resolve("jwt.pem")).toString()),
                Map.entry("BEACON_JWT_LEEWAY", "0s"),
                Map.entry("BEACON_RATE_LIMIT", "50"),
                Map.entry("BEACON_RATE_BURST", "100"),
                Map.entry("BEACON_MAX_CONNECTIONS_PER_IP", String.valueOf(MAX_PER_IP)),
                Map.entry("BEACON_MAX_FRAME_SIZE", String.valueOf(MAX_FRAME)),
                Map.entry("BEACON_MAX_MESSAGE_SIZE", "16384"),
                Map.entry("BEACON_MAX_FRAGMENTS", String.valueOf(MAX_FRAGMENTS)),
                Map.entry("BEACON_MAX_HEADERS", "50")),
            "gateway");
    gateway.awaitHttpOk("http://127.0.0.1:" + port + "/ready", Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (broadcaster != null) {
      Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
    }
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @DisplayName(
      "refuses an Origin outside the allow-list with 403, accepts listed and wildcard origins")
  void origins() {
    String token = tokens.hs256(Tokens.claims("ana", 60));
    assertThat(refusal(browser(token, "https://evil.example"))).isEqualTo(403);
    assertThat(refusal(browser(token, "https://app.example.com.evil.io"))).isEqualTo(403);
    try (TextClient listed = connect(browser(token, ALLOWED_ORIGIN));
        TextClient wildcard = connect(browser(token, "https://eu.beacon.test"))) {
      assertThat(type(listed.nextReply(WAIT))).isEqualTo("welcome");
      assertThat(type(wildcard.nextReply(WAIT))).isEqualTo("welcome");
    }
  }

  @Test
  @DisplayName(
      "refuses a missing, expired or forged JWT with 401, on the messaging path and the device path")
  void badTokens() {
    JsonObject claims = Tokens.claims("ana", 60);
    assertThat(refusal(options("/chat"))).as("no token").isEqualTo(401);
    assertThat(refusal(options("/ws"))).as("device without token").isEqualTo(401);
    assertThat(refusal(bearer("/chat", tokens.hs256(Tokens.claims("ana", -60)))))
        .as("expired")
        .isEqualTo(401);
    assertThat(
            refusal(
                bearer("/chat", JwtSigner.hs256(claims, "not-the-gateway-secret-but-32-bytes!"))))
        .as("wrong HS256 secret")
        .isEqualTo(401);
    assertThat(refusal(bearer("/chat", Tokens.unsigned(claims)))).as("alg none").isEqualTo(401);
    assertThat(refusal(bearer("/chat", tokens.rs256WithOtherKey(claims))))
        .as("other RSA key")
        .isEqualTo(401);
    String valid = tokens.hs256(claims);
    String forged =
        valid.substring(0, valid.indexOf('.') + 1)
            + JwtSigner.signingInput("HS256", Tokens.claims("admin", 60)).split("\\.")[1]
            + valid.substring(valid.lastIndexOf('.'));
    assertThat(refusal(bearer("/chat", forged))).as("payload swapped").isEqualTo(401);
  }

  @Test
  @DisplayName(
      "accepts HS256 in the Authorization header and RS256 in ?token=, and the client id is the sub")
  void validTokens() {
    try (TextClient ana = connect(bearer("/chat", tokens.hs256(Tokens.claims("ana", 60))));
        TextClient svc =
            connect(options("/chat?token=" + tokens.rs256(Tokens.claims("svc-1", 60))));
        TextClient device =
            connect(
                bearer(
                    "/ws",
                    tokens.hs256(
                        Tokens.claims("device-32", 60)
                            .put("devices", new io.vertx.core.json.JsonArray().add("32")))))) {
      assertThat(new JsonObject(ana.nextReply(WAIT)).getString("client_id")).isEqualTo("ana");
      assertThat(new JsonObject(svc.nextReply(WAIT)).getString("client_id")).isEqualTo("svc-1");
      assertThat(device.request(LINE, WAIT)).isEqualTo("OK");
    }
  }

  @Test
  @DisplayName(
      "accepts identity-provider subjects as client ids and refuses a token with a crit header with 401")
  void identityProviderTokens() throws Exception {
    try (TextClient auth0 =
            connect(
                bearer(
                    "/chat", tokens.hs256(Tokens.claims("auth0|5f7c8ec7c33c6c004bbafe82", 60))));
        TextClient email =
            connect(bearer("/chat", tokens.hs256(Tokens.claims("dave@example.com", 60))))) {
      assertThat(new JsonObject(auth0.nextReply(WAIT)).getString("client_id"))
          .isEqualTo("auth0|5f7c8ec7c33c6c004bbafe82");
      assertThat(new JsonObject(email.nextReply(WAIT)).getString("client_id"))
          .isEqualTo("dave@example.com");
    }
    com.nimbusds.jose.JWSObject critical =
        new com.nimbusds.jose.JWSObject(
            new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.HS256)
                .criticalParams(java.util.Set.of("exp-unknown"))
                .customParam("exp-unknown", 1)
                .build(),
            new com.nimbusds.jose.Payload(Tokens.claims("ana", 60).encode()));
    critical.sign(
        new com.nimbusds.jose.crypto.MACSigner(Tokens.SECRET.getBytes(StandardCharsets.UTF_8)));
    assertThat(refusal(bearer("/chat", critical.serialize()))).as("crit header").isEqualTo(401);
  }

  @Test
  @DisplayName(
      "a room outside the token's claims gets error forbidden, and direct messages reach a user by sub")
  void roomClaimsAndDirect() {
    JsonObject limited =
        Tokens.withRooms(Tokens.claims("carol", 60), List.of("lobby", "team-*"), List.of("lobby"))
            .put("direct", new io.vertx.core.json.JsonArray().add("bob"));
    try (TextClient carol = connect(bearer("/chat", tokens.hs256(limited)));
        TextClient bob = connect(bearer("/chat", tokens.hs256(Tokens.claims("bob", 60))))) {
      assertThat(type(carol.nextReply(WAIT))).isEqualTo("welcome");
      assertThat(type(bob.nextReply(WAIT))).isEqualTo("welcome");
      assertThat(code(carol.request("{\"type\":\"subscribe\",\"room\":\"ops\",\"id\":1}", WAIT)))
          .isEqualTo("forbidden");
      assertThat(
              type(carol.request("{\"type\":\"subscribe\",\"room\":\"team-red\",\"id\":2}", WAIT)))
          .isEqualTo("subscribed");
      assertThat(
              code(
                  carol.request(
                      "{\"type\":\"chat\",\"room\":\"team-red\",\"content\":\"hi\"}", WAIT)))
          .isEqualTo("forbidden");
      assertThat(code(carol.request("{\"type\":\"broadcast\",\"message\":\"all\"}", WAIT)))
          .isEqualTo("forbidden");
      Await.until(
          "bob present in the lobby",
          WAIT,
          () ->
              new JsonObject(carol.request("{\"type\":\"presence\",\"room\":\"lobby\"}", WAIT))
                  .getJsonArray("clients").stream()
                      .anyMatch(c -> "bob".equals(((JsonObject) c).getString("client_id"))));
      // The broadcaster routes a direct by its own presence view, which may not have read bob's
      // record yet on a loaded machine (carol then gets client_not_connected): send until it has.
      JsonObject direct = null;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (direct == null) {
        carol.send("{\"type\":\"direct\",\"to\":\"bob\",\"content\":\"psst\"}");
        try {
          direct = new JsonObject(bob.nextReply(Duration.ofSeconds(2)));
        } catch (AssertionError notYet) {
          if (System.nanoTime() > deadline) {
            throw notYet;
          }
        }
      }
      assertThat(direct.getString("type")).isEqualTo("direct");
      assertThat(direct.getString("client_id")).isEqualTo("carol");
    }
  }

  @Test
  @DisplayName(
      "closes with 4011 when the token expires, unless a refresh for the same sub came first")
  void expiryAndRefresh() {
    // Far enough ahead for two connects and two refreshes on a loaded machine; the test waits for
    // it.
    long exp = System.currentTimeMillis() / 1000 + 15;
    try (TextClient expiring =
            connect(
                bearer(
                    "/chat", tokens.hs256(new JsonObject().put("sub", "dave").put("exp", exp))));
        TextClient refreshed =
            connect(
                bearer(
                    "/chat", tokens.hs256(new JsonObject().put("sub", "erin").put("exp", exp))))) {
      assertThat(type(refreshed.nextReply(WAIT))).isEqualTo("welcome");
      String otherSub =
          refreshed.request(
              "{\"type\":\"refresh\",\"id\":\"r0\",\"token\":\""
                  + tokens.hs256(Tokens.claims("mallory", 60))
                  + "\"}",
              WAIT);
      assertThat(code(otherSub)).isEqualTo("invalid_token");
      JsonObject ok =
          new JsonObject(
              refreshed.request(
                  "{\"type\":\"refresh\",\"id\":\"r1\",\"token\":\""
                      + tokens.rs256(Tokens.claims("erin", 60))
                      + "\"}",
                  WAIT));
      assertThat(ok.getString("type")).isEqualTo("refreshed");
      assertThat(ok.getLong("exp")).isGreaterThan(System.currentTimeMillis() / 1000 + 30);
      assertThat(expiring.closeCode(Duration.ofSeconds(45))).isEqualTo(CloseCodes.TOKEN_EXPIRED);
      // Both tokens had the same exp: it has passed, and the refreshed connection is still open.
      assertThat(refreshed.awaitClosed(Duration.ofSeconds(1)))
          .as("refreshed connection closed")
          .isFalse();
      assertThat(type(refreshed.request("{\"type\":\"ping\"}", WAIT))).isEqualTo("pong");
    }
  }

  @Test
  @DisplayName("closes a connection that outpaces the rate limit with 4029")
  void rateLimit() {
    try (TextClient flood = connect(bearer("/ws", tokens.hs256(Tokens.claims("flood", 60))))) {
      // 1,000 at 50/s with a burst of 100: only a sender slower than 18 s would stay under the
      // limit.
      for (int i = 0; i < 1_000; i++) {
        flood.send("{\"type\":\"ping\"}");
      }
      assertThat(flood.closeCode(WAIT)).isEqualTo(CloseCodes.RATE_LIMITED);
    }
  }

  @Test
  @DisplayName("closes with 1009 for an oversize frame, an oversize message and too many fragments")
  void sizeLimits() {
    try (TextClient frame = device();
        TextClient message = device();
        TextClient fragments = device()) {
      frame.sendFrame(WebSocketFrame.textFrame("x".repeat(MAX_FRAME + 1), true));
      assertThat(frame.closeCode(WAIT)).as("oversize frame").isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
      String chunk = "y".repeat(MAX_FRAME);
      message.sendFrame(WebSocketFrame.textFrame(chunk, false));
      for (int i = 0; i < 4; i++) {
        message.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(chunk), i == 3));
      }
      assertThat(message.closeCode(WAIT))
          .as("oversize message")
          .isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
      fragments.sendFrame(WebSocketFrame.textFrame("32,", false));
      // MAX_FRAGMENTS + 1 frames in all: the last one crosses the limit, so no write races the
      // close.
      for (int i = 0; i < MAX_FRAGMENTS; i++) {
        fragments.sendFrame(
            WebSocketFrame.continuationFrame(Buffer.buffer("1"), i == MAX_FRAGMENTS - 1));
      }
      assertThat(fragments.closeCode(WAIT))
          .as("too many fragments")
          .isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }
  }

  @Test
  @DisplayName(
      "refuses connections above the per-address limit with 429 and admits again once one closes")
  void perAddressLimit() {
    List<TextClient> open = new ArrayList<>();
    try {
      Integer refused = null;
      for (int i = 0; i <= MAX_PER_IP && refused == null; i++) {
        try {
          open.add(
              Await.future(
                  TextClient.open(vertx, new WebSocketClientOptions(), device(i)),
                  WAIT,
                  "connect"));
        } catch (AssertionError e) {
          refused =
              e.getCause() instanceof java.util.concurrent.ExecutionException x
                      && x.getCause() instanceof UpgradeRejectedException r
                  ? r.getStatus()
                  : null;
          if (refused == null) {
            throw e;
          }
        }
      }
      assertThat(refused).as("status once the limit is reached").isEqualTo(429);
      assertThat(open).hasSizeLessThanOrEqualTo(MAX_PER_IP);
      open.remove(0).close();
      Await.until(
          "a connection admitted after another closed",
          WAIT,
          () -> {
            try {
              open.add(connect(device(99)));
              return true;
            } catch (AssertionError e) {
              return false;
            }
          });
    } finally {
      open.forEach(TextClient::close);
    }
  }

  @Test
  @DisplayName("refuses an upgrade with too many headers, or too many header bytes, with 431")
  void headerFlood() throws IOException {
    assertThat(rawUpgradeStatus(60, "v")).as("60 small headers, limit 50").isEqualTo(431);
    assertThat(rawUpgradeStatus(500, "v".repeat(40))).as("500 headers, about 25 KB").isEqualTo(431);
    assertThat(BeaconProcess.status("http://127.0.0.1:" + port + "/health")).isEqualTo(200);
  }

  /**
   * Sends an upgrade request with {@code count} extra headers over a raw socket; returns the status
   * it gets.
   */
  private int rawUpgradeStatus(int count, String value) throws IOException {
    StringBuilder request =
        new StringBuilder(
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
    for (int i = 0; i < count; i++) {
      request.append("X-Flood-").append(i).append(": ").append(value).append("\r\n");
    }
    request.append("\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder statusLine = new StringBuilder();
      for (int b = in.read(); b != -1 && b != '\r' && statusLine.length() < 200; b = in.read()) {
        statusLine.append((char) b);
      }
      String[] parts = statusLine.toString().split(" ");
      assertThat(parts).as("status line '%s'", statusLine).hasSizeGreaterThan(1);
      return Integer.parseInt(parts[1]);
    }
  }

  private TextClient device() {
    return connect(device(0));
  }

  private WebSocketConnectOptions device(int n) {
    return bearer("/ws", tokens.hs256(Tokens.claims("device-" + n, 60)));
  }

  /** Like a device or a service, not a browser: no Origin (Vert.x would send one of its own). */
  private WebSocketConnectOptions options(String uri) {
    return new WebSocketConnectOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setURI(uri)
        .setAllowOriginHeader(false);
  }

  /** Like a browser page on {@code origin}: the token in the query, the Origin header set. */
  private WebSocketConnectOptions browser(String token, String origin) {
    return options("/chat?token=" + token).setAllowOriginHeader(true).addHeader("Origin", origin);
  }

  private WebSocketConnectOptions bearer(String uri, String token) {
    return options(uri).addHeader("Authorization", "Bearer " + token);
  }

  private TextClient connect(WebSocketConnectOptions options) {
    return TextClient.connect(vertx, new WebSocketClientOptions(), options);
  }

  private int refusal(WebSocketConnectOptions options) {
    return TextClient.refusal(vertx, new WebSocketClientOptions(), options);
  }

  private static String type(String json) {
    return new JsonObject(json).getString("type");
  }

  private static String code(String json) {
    return new JsonObject(json).getString("code");
  }
}

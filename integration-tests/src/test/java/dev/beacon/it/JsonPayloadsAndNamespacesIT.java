package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.client.BeaconClient;
import dev.beacon.client.ClientOptions;
import dev.beacon.client.Publication;
import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.common.channels.NamespaceConfig;
import dev.beacon.common.protocol.RawJson;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.operations.ServerApiConfig;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.it.support.AdminHttp;
import dev.beacon.it.support.AsyncApiContract;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.SpecDocument;
import dev.beacon.it.support.TextClient;
import dev.beacon.it.support.Tokens;
import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways with JWTs and the broadcaster on a real broker, all reading one namespaces file:
 * JSON payloads of every type cross gateways byte for byte, and each namespace rule refuses what it
 * should, with its code. Every frame seen is checked against the AsyncAPI document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("JSON payloads and channel namespaces across two gateways")
class JsonPayloadsAndNamespacesIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ADMIN = "admin-token-for-the-namespaces-it-0123456789";

  /** Every JSON type, spelled as a re-serializer would not write it. */
  private static final List<String> VALUES =
      List.of(
          "{\"b\": [1, 2.50, {\"c\" : null}], \"a\":\"é\\u00e9\"}",
          "[ ]",
          "[1,\"two\",  true]",
          "\"text with \\\"quotes\\\" and \\n and 😀\"",
          "123456789012345678901234567890",
          "-0.10",
          "1E+400",
          "true",
          "false",
          "null");

  private static final String NAMESPACES =
      """
      {"namespaces": {
        "data": {},
        "feed": {"clientPublish": false},
        "private": {"subscribeGrant": true},
        "small": {"maxPayloadBytes": 64},
        "live": {"recovery": false, "presence": false}}}
      """;

  @TempDir static Path dir;
  private final Tokens tokens = new Tokens();
  private EmbeddedKafka kafka;
  private Vertx vertx;
  private BroadcasterService broadcaster;
  private Gateway gwA;
  private Gateway gwB;
  private AsyncApiContract asyncApi;

  @BeforeAll
  void start() throws Exception {
    Path file = Files.writeString(dir.resolve("namespaces.json"), NAMESPACES);
    ChannelNamespaces namespaces = NamespaceConfig.load(file);
    kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("kafka")));
    KafkaSettings settings = KafkaSettings.defaults(kafka.bootstrap()).withPartitions(3);
    vertx = Vertx.vertx();
    broadcaster =
        Blocking.await(
            BroadcasterService.start(
                vertx, BroadcasterConfig.builder().namespaces(namespaces).build(), settings),
            "broadcaster");
    GatewayConfig base =
        GatewayConfig.builder()
            .port(0)
            .instances(1)
            .security(
                SecurityConfig.builder()
                    .jwt(new JwtConfig(Tokens.SECRET, null, Duration.ofSeconds(5)))
                    .build())
            .serverApi(ServerApiConfig.builder().adminToken(ADMIN).build())
            .namespaces(namespaces)
            .build();
    gwA = deploy(base, "gw-a", settings);
    gwB = deploy(base, "gw-b", settings);
    asyncApi =
        new AsyncApiContract(
            SpecDocument.load("http://127.0.0.1:" + gwA.port() + "/asyncapi.yaml"));
  }

  private Gateway deploy(GatewayConfig base, String id, KafkaSettings settings) {
    return Blocking.await(
        Gateway.deploy(
            vertx,
            base.toBuilder().gatewayId(id).build(),
            KafkaBackend.of(settings),
            ConnectionListener.NONE),
        "gateway " + id);
  }

  @AfterAll
  void stop() {
    Blocking.awaitQuietly(gwA.close(), "stop gw-a");
    Blocking.awaitQuietly(gwB.close(), "stop gw-b");
    Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
    kafka.close();
  }

  @Test
  @DisplayName("publish and chat data of every JSON type arrive on the other gateway byte for byte")
  void everyTypeByteForByte() {
    try (TextClient author = client(gwA, "author", true);
        TextClient reader = client(gwB, "reader", true)) {
      subscribe(reader, "data:x");
      for (String value : VALUES) {
        String publish = "{\"type\":\"publish\",\"channel\":\"data:x\",\"data\":" + value + "}";
        asyncApi.assertValid("receiveChatRequests", "publish", publish);
        author.send(publish);
        String frame = nextFrameOfType(reader, "chat");
        asyncApi.assertValid("sendChatMessages", "chat", frame);
        assertThat(frame).contains("\"data\":" + value + ",\"room\":\"data:x\"");
        assertThat(RawJson.field(frame, "data")).isEqualTo(value);
      }
      String chat =
          "{\"type\":\"chat\",\"room\":\"data:x\",\"content\":\"with data\",\"data\":"
              + VALUES.get(0)
              + "}";
      asyncApi.assertValid("receiveChatRequests", "chat", chat);
      author.send(chat);
      JsonObject both = new JsonObject(nextFrameOfType(reader, "chat"));
      assertThat(both.getString("content")).isEqualTo("with data");
      assertThat(both.getJsonObject("data").getString("a")).isEqualTo("éé");
    }
  }

  @Test
  @DisplayName("broadcast and direct carry data across gateways too")
  void broadcastAndDirect() {
    try (TextClient author = client(gwA, "bcaster", true);
        TextClient reader = client(gwB, "receiver", true)) {
      author.send("{\"type\":\"broadcast\",\"data\":[1, 2.50]}");
      String broadcast = nextFrameOfType(reader, "broadcast");
      asyncApi.assertValid("sendChatMessages", "broadcast", broadcast);
      assertThat(RawJson.field(broadcast, "data")).isEqualTo("[1, 2.50]");

      String direct = "{\"type\":\"direct\",\"to\":\"receiver\",\"data\":{\"x\" : 1.0}}";
      String received = null;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (received == null && System.nanoTime() < deadline) {
        // Until presence has spread, the author is told client_not_connected.
        author.send(direct);
        String frame = reader.pollReply(Duration.ofSeconds(1));
        if (frame != null && new JsonObject(frame).getString("type").equals("direct")) {
          received = frame;
        }
      }
      assertThat(received).as("the direct message").isNotNull();
      asyncApi.assertValid("sendChatMessages", "direct", received);
      assertThat(RawJson.field(received, "data")).isEqualTo("{\"x\" : 1.0}");
    }
  }

  @Test
  @DisplayName(
      "a namespace without client publish refuses clients (publish_not_allowed) but not the server API")
  void clientPublishOff() {
    try (TextClient author = client(gwA, "feeder", true);
        TextClient reader = client(gwB, "watcher", true)) {
      subscribe(reader, "feed:prices");
      author.send("{\"type\":\"publish\",\"id\":\"p1\",\"channel\":\"feed:prices\",\"data\":1}");
      assertError(author, "p1", "publish_not_allowed");
      author.send("{\"type\":\"chat\",\"id\":\"p2\",\"room\":\"feed:prices\",\"content\":\"x\"}");
      assertError(author, "p2", "publish_not_allowed");

      AdminHttp admin = new AdminHttp(gwA.port(), ADMIN);
      assertThat(
              admin
                  .post("/rooms/feed:prices/publish", new JsonObject().put("message", "from api"))
                  .status())
          .isEqualTo(202);
      JsonObject chat = new JsonObject(nextFrameOfType(reader, "chat"));
      assertThat(chat.getString("content"))
          .as("the first chat the watcher sees is the server API's: the clients' never went out")
          .isEqualTo("from api");
    }
  }

  @Test
  @DisplayName("a subscribe-grant namespace refuses a client without the grant, admits one with it")
  void subscribeGrant() {
    try (TextClient plain = client(gwA, "plain", false);
        TextClient granted = client(gwB, "granted", true)) {
      plain.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"room\":\"private:board\"}");
      assertError(plain, "s1", "forbidden");
      subscribe(granted, "private:board");
      plain.send("{\"type\":\"subscribe\",\"id\":\"s2\",\"room\":\"data:open\"}");
      assertThat(new JsonObject(nextFrameOfType(plain, "subscribed")).getString("room"))
          .isEqualTo("data:open");
    }
  }

  @Test
  @DisplayName("a payload above the namespace's limit is refused with payload_too_large")
  void oversize() {
    try (TextClient author = client(gwA, "big", true);
        TextClient reader = client(gwB, "small-reader", true)) {
      subscribe(reader, "small:x");
      String big = "\"" + "x".repeat(80) + "\"";
      author.send(
          "{\"type\":\"publish\",\"id\":\"b1\",\"channel\":\"small:x\",\"data\":" + big + "}");
      assertError(author, "b1", "payload_too_large");
      author.send("{\"type\":\"publish\",\"channel\":\"small:x\",\"data\":{\"fits\":true}}");
      assertThat(RawJson.field(nextFrameOfType(reader, "chat"), "data"))
          .as("only the payload within the limit was delivered")
          .isEqualTo("{\"fits\":true}");
    }
  }

  @Test
  @DisplayName("recovery off refuses since (recovery_not_allowed); presence off refuses presence")
  void recoveryAndPresenceOff() {
    try (TextClient c = client(gwA, "live", true)) {
      c.send(
          "{\"type\":\"subscribe\",\"id\":\"r1\",\"room\":\"live:x\",\"since\":\"q2vKd7Lw-3-1042\"}");
      assertError(c, "r1", "recovery_not_allowed");
      c.send("{\"type\":\"presence\",\"id\":\"q1\",\"room\":\"live:x\"}");
      assertError(c, "q1", "presence_not_allowed");
      subscribe(c, "live:x");
    }
  }

  @Test
  @DisplayName(
      "the Java client publishes objects and raw JSON, and hands publications over raw and parsed")
  void javaClient() throws Exception {
    BeaconClient author = javaClient(gwA, "java-author");
    BeaconClient reader = javaClient(gwB, "java-reader");
    BlockingQueue<Publication> received = new LinkedBlockingQueue<>();
    reader.publicationHandler(received::add);
    try {
      Await.future(author.connect(), WAIT, "author connects");
      Await.future(reader.connect(), WAIT, "reader connects");
      Await.future(reader.join("data:java"), WAIT, "reader joins");
      Await.future(
          author.publish(
              "data:java", new JsonObject().put("n", 1).put("list", new JsonArray().add("a"))),
          WAIT,
          "publish an object");
      Await.future(
          author.publishJson("data:java", "{\"big\": 123456789012345678901234567890, \"d\": 1.10}"),
          WAIT,
          "publish raw JSON");
      Publication object = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(object).isNotNull();
      assertThat(object.channel()).isEqualTo("data:java");
      assertThat(object.dataObject().getInteger("n")).isEqualTo(1);
      assertThat(object.rawData()).isEqualTo("{\"n\":1,\"list\":[\"a\"]}");
      Publication raw = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(raw).isNotNull();
      assertThat(raw.rawData())
          .as("byte for byte, the 30-digit integer and 1.10 included")
          .isEqualTo("{\"big\": 123456789012345678901234567890, \"d\": 1.10}");
      assertThat(raw.clientId()).isEqualTo("java-author");
      assertThat(raw.pos()).isNotBlank();
    } finally {
      Await.future(author.close(), WAIT, "close author");
      Await.future(reader.close(), WAIT, "close reader");
    }
  }

  private BeaconClient javaClient(Gateway gateway, String sub) {
    JsonObject claims = Tokens.claims(sub, 300).put("rooms", new JsonArray().add("*"));
    return BeaconClient.create(
        vertx,
        ClientOptions.builder(URI.create("ws://127.0.0.1:" + gateway.port() + "/chat"))
            .header("Authorization", "Bearer " + tokens.hs256(claims))
            .build());
  }

  private TextClient client(Gateway gateway, String sub, boolean grantAll) {
    JsonObject claims = Tokens.claims(sub, 300);
    if (grantAll) {
      // A token that grants rooms must grant direct recipients too (docs/protocol.md, grants).
      claims.put("rooms", new JsonArray().add("*")).put("direct", new JsonArray().add("*"));
    }
    TextClient client =
        TextClient.connect(
            vertx,
            new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(gateway.port())
                .setURI("/chat")
                .addHeader("Authorization", "Bearer " + tokens.hs256(claims)));
    client.setClientId(new JsonObject(nextFrameOfType(client, "welcome")).getString("client_id"));
    return client;
  }

  private void subscribe(TextClient client, String room) {
    client.send("{\"type\":\"subscribe\",\"room\":\"" + room + "\"}");
    JsonObject subscribed = new JsonObject(nextFrameOfType(client, "subscribed"));
    assertThat(subscribed.getString("room")).isEqualTo(room);
  }

  private void assertError(TextClient client, String id, String code) {
    String frame = nextFrameOfType(client, "error");
    asyncApi.assertValid("sendChatMessages", "error", frame);
    JsonObject error = new JsonObject(frame);
    assertThat(error.getString("id")).isEqualTo(id);
    assertThat(error.getString("code")).as(error.getString("message")).isEqualTo(code);
  }

  /** The next frame of {@code type}, as text, skipping others (lobby chat, pongs). */
  private static String nextFrameOfType(TextClient client, String type) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String frame = client.nextReply(WAIT);
      if (type.equals(new JsonObject(frame).getString("type"))) {
        return frame;
      }
    }
    throw new AssertionError("no message of type " + type + " within " + WAIT);
  }
}

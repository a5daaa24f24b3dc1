package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.client.BeaconClient;
import dev.beacon.client.BeaconErrorException;
import dev.beacon.client.ClientOptions;
import dev.beacon.client.HistoryPage;
import dev.beacon.client.JoinLeave;
import dev.beacon.client.Presence;
import dev.beacon.client.PresenceStats;
import dev.beacon.common.channels.ChannelNamespace;
import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.common.protocol.RawJson;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.operations.ServerApiConfig;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.OpenApiContract;
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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channels across two gateways on a real broker: history paged within its namespace's size and
 * time-to-live, presence and presence_stats, join and leave events once per client on both
 * gateways, a token's channels claim, and the server API's channel methods, each answer validated
 * against the OpenAPI document the gateway serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelsAcrossGatewaysIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ADMIN = "channels-admin-token-0123456789";
  private static final int HISTORY_SIZE = 5;
  private static final int TINY_PAYLOAD = 64;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path dir;
  private EmbeddedKafka kafka;
  private Vertx vertx;
  private BroadcasterService broadcaster;
  private Gateway gwA;
  private Gateway gwB;
  private OpenApiContract api;
  private final Tokens tokens = new Tokens();

  @BeforeAll
  void start() {
    kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir));
    KafkaSettings settings =
        KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build();
    vertx = Vertx.vertx();
    broadcaster =
        Blocking.await(
            BroadcasterService.start(vertx, BroadcasterConfig.defaults(), settings), "broadcaster");
    ChannelNamespaces namespaces =
        ChannelNamespaces.of(
            List.of(
                ChannelNamespace.builder("live").joinLeave(true).historySize(HISTORY_SIZE).build(),
                ChannelNamespace.builder("quiet").historySize(0).presence(false).build(),
                ChannelNamespace.builder("brief").historyTtl(Duration.ofSeconds(1)).build(),
                ChannelNamespace.builder("tiny").maxPayloadBytes(TINY_PAYLOAD).build()));
    GatewayConfig base =
        GatewayConfig.builder()
            .port(0)
            .instances(1)
            .security(
                SecurityConfig.builder()
                    .jwt(JwtConfig.builder().hs256Secret(Tokens.SECRET).build())
                    .build())
            .serverApi(ServerApiConfig.builder().adminToken(ADMIN).build())
            .build();
    gwA = deploy(base.toBuilder().gatewayId("gw-a").namespaces(namespaces).build(), settings);
    gwB = deploy(base.toBuilder().gatewayId("gw-b").namespaces(namespaces).build(), settings);
    api =
        new OpenApiContract(
            SpecDocument.load("http://127.0.0.1:" + gwA.port() + "/api/openapi.yaml"));
  }

  private Gateway deploy(GatewayConfig config, KafkaSettings settings) {
    return Blocking.await(
        Gateway.deploy(vertx, config, KafkaBackend.of(settings), ConnectionListener.NONE),
        "gateway " + config.gatewayId());
  }

  @AfterAll
  void stop() {
    for (Gateway g : new Gateway[] {gwA, gwB}) {
      if (g != null) {
        Blocking.awaitQuietly(g.close(), "stop gateway");
      }
    }
    if (broadcaster != null) {
      Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
    }
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
    kafka.close();
  }

  @Test
  @DisplayName(
      "history returns the namespace's last messages in order, paged both ways, over WebSocket and HTTP")
  void historyPagesWithinSize() {
    try (TextClient writer = chat(gwA, Tokens.claims("hist-writer", 300));
        TextClient reader = chat(gwB, Tokens.claims("hist-reader", 300))) {
      subscribe(reader, "live:h");
      for (int i = 1; i <= 7; i++) {
        writer.send(
            "{\"type\":\"chat\",\"room\":\"live:h\",\"content\":\"m" + i + "\",\"sender\":\"w\"}");
      }
      List<String> positions = new ArrayList<>();
      for (int i = 1; i <= 7; i++) {
        JsonObject live = nextOfType(reader, "chat");
        assertThat(live.getString("content")).isEqualTo("m" + i);
        positions.add(live.getString("pos"));
      }

      // History reads committed records: the broadcaster's transaction may commit a moment after
      // the live delivery.
      Await.until(
          "the newest message in history",
          WAIT,
          () ->
              positions
                  .get(6)
                  .equals(history(reader, "{\"room\":\"live:h\",\"limit\":1}").getString("top")));
      JsonObject first = history(reader, "{\"room\":\"live:h\",\"limit\":2}");
      assertThat(contents(first)).containsExactly("m3", "m4");
      assertThat(first.getString("top")).isEqualTo(positions.get(6));
      JsonObject second =
          history(
              reader,
              "{\"room\":\"live:h\",\"limit\":2,\"since\":\"" + first.getString("next") + "\"}");
      assertThat(contents(second)).containsExactly("m5", "m6");
      JsonObject last =
          history(
              reader,
              "{\"room\":\"live:h\",\"limit\":2,\"since\":\"" + second.getString("next") + "\"}");
      assertThat(contents(last)).containsExactly("m7");
      assertThat(last.getValue("next")).isNull();

      JsonObject newest = history(reader, "{\"room\":\"live:h\",\"limit\":3,\"reverse\":true}");
      assertThat(contents(newest)).containsExactly("m7", "m6", "m5");
      JsonObject older =
          history(
              reader,
              "{\"room\":\"live:h\",\"limit\":3,\"reverse\":true,\"since\":\""
                  + newest.getString("next")
                  + "\"}");
      assertThat(contents(older)).containsExactly("m4", "m3");

      JsonObject lost =
          request(
              reader,
              "{\"type\":\"history\",\"room\":\"live:h\",\"since\":\"" + positions.get(0) + "\"}");
      assertThat(lost.getString("code")).isEqualTo("position_lost");
      JsonObject off = request(reader, "{\"type\":\"history\",\"room\":\"quiet:x\"}");
      assertThat(off.getString("code")).isEqualTo("history_off");

      HttpResponse<String> http =
          api.check(
              "POST",
              "/server/history",
              post("/server/history", "{\"channel\":\"live:h\",\"limit\":2,\"reverse\":true}"));
      assertThat(http.statusCode()).isEqualTo(200);
      JsonObject page = new JsonObject(http.body());
      assertThat(contents(page)).containsExactly("m7", "m6");
      assertThat(page.getString("next")).isEqualTo(positions.get(5));
      assertError(
          api.check(
              "POST", "/server/history", post("/server/history", "{\"channel\":\"quiet:x\"}")),
          422,
          "history_off");
      assertError(
          api.check(
              "POST",
              "/server/history",
              post(
                  "/server/history",
                  "{\"channel\":\"live:h\",\"since\":\"" + positions.get(0) + "\"}")),
          422,
          "position_lost");
      assertError(
          api.check("POST", "/server/history", post("/server/history", "{\"limit\":0}")),
          400,
          "bad_request");
    }
  }

  @Test
  @DisplayName("history forgets what is older than the namespace's time-to-live")
  void historyWithinTtl() {
    try (TextClient client = chat(gwA, Tokens.claims("ttl-client", 300))) {
      subscribe(client, "brief:t");
      client.send("{\"type\":\"chat\",\"room\":\"brief:t\",\"content\":\"soon gone\"}");
      nextOfType(client, "chat");
      assertThat(contents(history(client, "{\"room\":\"brief:t\"}")))
          .isIn(List.of("soon gone"), List.of());
      Await.until(
          "the message older than brief's 1 s TTL out of history",
          WAIT,
          () -> contents(history(client, "{\"room\":\"brief:t\"}")).isEmpty());
    }
  }

  @Test
  @DisplayName(
      "join and leave reach the room's subscribers on both gateways once per client; presence counts")
  void joinLeaveOncePerClient() {
    try (TextClient watcherA = chat(gwA, Tokens.claims("watch-a", 300));
        TextClient watcherB = chat(gwB, Tokens.claims("watch-b", 300))) {
      subscribe(watcherA, "live:j");
      subscribe(watcherB, "live:j");
      TextClient comer = chat(gwB, Tokens.claims("comer", 300));
      subscribe(comer, "live:j");
      for (TextClient watcher : List.of(watcherA, watcherB)) {
        assertThat(eventsAbout(watcher, "comer", "join")).containsExactly("join");
      }
      Await.until(
          "presence_stats counting three clients of live:j on both gateways",
          WAIT,
          () ->
              request(watcherA, "{\"type\":\"presence_stats\",\"room\":\"live:j\"}")
                          .getInteger("num_clients")
                      == 3
                  && request(watcherB, "{\"type\":\"presence\",\"room\":\"live:j\"}")
                          .getJsonArray("clients")
                          .size()
                      == 3);
      HttpResponse<String> stats =
          api.check(
              "POST",
              "/server/presence_stats",
              post("/server/presence_stats", "{\"channel\":\"live:j\"}"));
      assertThat(new JsonObject(stats.body()).getInteger("num_users")).isEqualTo(3);
      HttpResponse<String> presence =
          api.check(
              "POST", "/server/presence", post("/server/presence", "{\"channel\":\"live:j\"}"));
      assertThat(new JsonObject(presence.body()).getJsonObject("presence").fieldNames())
          .containsExactlyInAnyOrder("watch-a", "watch-b", "comer");
      assertThat(
              request(watcherA, "{\"type\":\"presence_stats\",\"room\":\"quiet:p\"}")
                  .getString("code"))
          .isEqualTo("presence_not_allowed");
      assertError(
          api.check(
              "POST", "/server/presence", post("/server/presence", "{\"channel\":\"quiet:p\"}")),
          422,
          "presence_not_allowed");
      assertError(
          api.check(
              "POST",
              "/server/presence_stats",
              post("/server/presence_stats", "{\"channel\":\"quiet:p\"}")),
          422,
          "presence_not_allowed");

      comer.send("{\"type\":\"unsubscribe\",\"room\":\"live:j\"}");
      for (TextClient watcher : List.of(watcherA, watcherB)) {
        assertThat(eventsAbout(watcher, "comer", "leave")).containsExactly("leave");
      }
      comer.close();
      // No second join nor leave for the same membership arrives afterwards.
      for (TextClient watcher : List.of(watcherA, watcherB)) {
        String extra = watcher.pollReply(Duration.ofSeconds(2));
        assertThat(extra == null ? "" : extra).doesNotContain("\"client_id\":\"comer\"");
      }
    }
  }

  @Test
  @DisplayName(
      "a token's channels claim subscribes on connect; the server API subscribes, unsubscribes, lists and publishes")
  void serverSideSubscriptions() {
    JsonObject claims =
        Tokens.claims("claimed", 300)
            .put("rooms", new JsonArray().add("lobby"))
            .put("channels", new JsonArray().add("news:c"));
    try (TextClient claimed = chatRaw(gwB, claims);
        TextClient other = chat(gwA, Tokens.claims("other", 300))) {
      List<String> first = new ArrayList<>();
      JsonObject subscribed = null;
      while (subscribed == null) {
        JsonObject m = new JsonObject(claimed.nextReply(WAIT));
        first.add(m.getString("type"));
        if ("subscribed".equals(m.getString("type"))) {
          subscribed = m;
        }
      }
      assertThat(first.get(0)).isEqualTo("welcome");
      assertThat(subscribed.getString("room")).isEqualTo("news:c");
      assertThat(subscribed.getBoolean("server")).isTrue();

      Await.until(
          "news:c listed by channels",
          WAIT,
          () ->
              new JsonObject(
                      api.check(
                              "POST",
                              "/server/channels",
                              post("/server/channels", "{\"pattern\":\"news:*\"}"))
                          .body())
                  .getJsonObject("channels")
                  .containsKey("news:c"));
      assertAccepted(
          api.check(
              "POST",
              "/server/publish",
              post("/server/publish", "{\"channel\":\"news:c\",\"message\":\"headline\"}")));
      assertThat(nextOfType(claimed, "chat").getString("content")).isEqualTo("headline");

      assertAccepted(
          api.check(
              "POST",
              "/server/subscribe",
              post("/server/subscribe", "{\"client\":\"other\",\"channel\":\"news:d\"}")));
      JsonObject serverSub = nextOfType(other, "subscribed");
      assertThat(serverSub.getString("room")).isEqualTo("news:d");
      assertThat(serverSub.getBoolean("server")).isTrue();
      assertAccepted(
          api.check(
              "POST",
              "/server/broadcast",
              post(
                  "/server/broadcast",
                  "{\"channels\":[\"news:c\",\"news:d\"],\"message\":\"both\"}")));
      assertThat(nextOfType(claimed, "chat").getString("room")).isEqualTo("news:c");
      assertThat(nextOfType(other, "chat").getString("room")).isEqualTo("news:d");
      assertAccepted(
          api.check(
              "POST",
              "/server/unsubscribe",
              post("/server/unsubscribe", "{\"client\":\"other\",\"channel\":\"news:d\"}")));
      JsonObject serverUnsub = nextOfType(other, "unsubscribed");
      assertThat(serverUnsub.getBoolean("server")).isTrue();

      for (String method :
          List.of(
              "publish",
              "broadcast",
              "history",
              "presence",
              "presence_stats",
              "subscribe",
              "unsubscribe")) {
        assertError(
            api.check("POST", "/server/" + method, post("/server/" + method, "{}")),
            400,
            "bad_request");
        assertError(
            api.check("POST", "/server/" + method, send("/server/" + method, "{}", null)),
            401,
            "unauthorized");
      }
      assertError(
          api.check("POST", "/server/channels", send("/server/channels", "{}", null)),
          401,
          "unauthorized");
      assertError(
          api.check(
              "POST",
              "/server/channels",
              post("/server/channels", "{\"pattern\":\"" + "x".repeat(100) + "\"}")),
          400,
          "bad_request");
      for (String method : List.of("subscribe", "unsubscribe")) {
        assertError(
            api.check(
                "POST",
                "/server/" + method,
                post("/server/" + method, "{\"client\":\"nobody\",\"channel\":\"news:d\"}")),
            404,
            "client_not_connected");
      }
    }
  }

  @Test
  @DisplayName(
      "the server API publishes and broadcasts JSON data of every type, byte for byte to another gateway, within the namespace's payload limit")
  void serverPublishesJsonData() {
    List<String> values =
        List.of(
            "{ \"a\" : [1, 2.50, {\"b\":null}], \"c\":\"\\u00e9t\\u00e9\" }",
            "[ true,false , null, \"x\", 1e400 ]",
            "\"caf\u00e9 \\\"quoted\\\" \\n \ud83d\ude80\"",
            "123456789012345678901234567890",
            "-1.10",
            "1E-7",
            "true",
            "false",
            "null");
    try (TextClient subscriber = chat(gwB, Tokens.claims("data-sub", 300))) {
      subscribe(subscriber, "data:x");
      subscribe(subscriber, "data:y");
      subscribe(subscriber, "tiny:x");
      for (String value : values) {
        assertAccepted(
            api.check(
                "POST",
                "/server/publish",
                post("/server/publish", "{\"channel\":\"data:x\",\"data\":" + value + "}")));
        String frame = nextFrameOfType(subscriber, "chat");
        assertThat(RawJson.field(frame, "data")).as(frame).isEqualTo(value);
        assertThat(new JsonObject(frame).getString("room")).isEqualTo("data:x");

        assertAccepted(
            api.check(
                "POST",
                "/server/broadcast",
                post(
                    "/server/broadcast",
                    "{\"data\":" + value + ",\"channels\":[\"data:x\",\"data:y\"]}")));
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          String each = nextFrameOfType(subscriber, "chat");
          assertThat(RawJson.field(each, "data")).as(each).isEqualTo(value);
          rooms.add(new JsonObject(each).getString("room"));
        }
        assertThat(rooms).containsExactlyInAnyOrder("data:x", "data:y");
      }

      assertAccepted(
          api.check(
              "POST",
              "/server/publish",
              post(
                  "/server/publish",
                  "{\"channel\":\"data:x\",\"message\":\"both\",\"data\":{\"n\":1}}")));
      JsonObject both = new JsonObject(nextFrameOfType(subscriber, "chat"));
      assertThat(both.getString("content")).isEqualTo("both");
      assertThat(both.getJsonObject("data").getInteger("n")).isEqualTo(1);

      String oversize = "\"" + "z".repeat(TINY_PAYLOAD) + "\"";
      assertError(
          api.check(
              "POST",
              "/server/publish",
              post("/server/publish", "{\"channel\":\"tiny:x\",\"data\":" + oversize + "}")),
          422,
          "payload_too_large");
      assertError(
          api.check(
              "POST",
              "/server/broadcast",
              post(
                  "/server/broadcast",
                  "{\"channels\":[\"data:x\",\"tiny:x\"],\"data\":" + oversize + "}")),
          422,
          "payload_too_large");
      assertError(
          api.check("POST", "/server/publish", post("/server/publish", "{\"channel\":\"data:x\"}")),
          400,
          "bad_request");
      // Refused whole: the next chat in data:x is the one published after the refusals.
      assertAccepted(
          api.check(
              "POST",
              "/server/publish",
              post("/server/publish", "{\"channel\":\"data:x\",\"data\":\"after\"}")));
      assertThat(RawJson.field(nextFrameOfType(subscriber, "chat"), "data")).isEqualTo("\"after\"");
    }
  }

  @Test
  @DisplayName(
      "the Java client's history, presence, presence_stats and join/leave listener across gateways")
  void javaClientChannels() throws Exception {
    BeaconClient reader = javaClient(gwB, "jc-reader");
    BeaconClient author = javaClient(gwA, "jc-author");
    BlockingQueue<JoinLeave> events = new LinkedBlockingQueue<>();
    reader.joinLeaveHandler(events::add);
    try {
      Await.future(reader.connect(), WAIT, "reader connects");
      Await.future(author.connect(), WAIT, "author connects");
      Await.future(reader.join("live:jc"), WAIT, "reader joins live:jc");
      Await.future(author.join("live:jc"), WAIT, "author joins live:jc");
      JoinLeave joined = nextEventAbout(events, "jc-author");
      assertThat(joined.join()).isTrue();
      assertThat(joined.channel()).isEqualTo("live:jc");
      assertThat(joined.gateway()).isEqualTo("gw-a");

      for (String m : List.of("m1", "m2", "m3")) {
        Await.future(author.chat("live:jc", m), WAIT, "chat " + m);
      }
      Await.until(
          "history of live:jc holding the three messages",
          WAIT,
          () -> Await.future(reader.history("live:jc"), WAIT, "history").messages().size() == 3);
      HistoryPage newest = Await.future(reader.history("live:jc", 2, null, true), WAIT, "page 1");
      assertThat(newest.channel()).isEqualTo("live:jc");
      assertThat(newest.reverse()).isTrue();
      assertThat(newest.contents()).containsExactly("m3", "m2");
      assertThat(newest.next()).isNotNull();
      assertThat(newest.top()).isEqualTo(newest.messages().get(0).getString("pos"));
      HistoryPage older =
          Await.future(reader.history("live:jc", 2, newest.next(), true), WAIT, "page 2");
      assertThat(older.contents()).containsExactly("m1");
      assertThat(older.next()).isNull();
      assertThat(
              Await.future(reader.history("live:jc", 10, null, false), WAIT, "oldest first")
                  .contents())
          .containsExactly("m1", "m2", "m3");

      Await.until(
          "presence of live:jc listing both clients",
          WAIT,
          () ->
              Await.future(reader.presence("live:jc"), WAIT, "presence")
                  .clientIds()
                  .containsAll(List.of("jc-reader", "jc-author")));
      Presence presence = Await.future(author.presence("live:jc"), WAIT, "presence");
      assertThat(presence.channel()).isEqualTo("live:jc");
      assertThat(presence.clients())
          .anySatisfy(
              c -> {
                assertThat(c.clientId()).isEqualTo("jc-reader");
                assertThat(c.gateway()).isEqualTo("gw-b");
                assertThat(c.connectedAt()).isPositive();
              });
      PresenceStats stats = Await.future(author.presenceStats("live:jc"), WAIT, "presence_stats");
      assertThat(stats).isEqualTo(new PresenceStats("live:jc", 2, 2));
      Throwable refused =
          author
              .presence("quiet:p")
              .toCompletionStage()
              .toCompletableFuture()
              .handle((p, e) -> e)
              .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(refused).isInstanceOf(BeaconErrorException.class);
      assertThat(((BeaconErrorException) refused).code()).isEqualTo("presence_not_allowed");

      Await.future(author.leave("live:jc"), WAIT, "author leaves live:jc");
      JoinLeave left = nextEventAbout(events, "jc-author");
      assertThat(left.join()).isFalse();
      assertThat(left.channel()).isEqualTo("live:jc");
    } finally {
      Await.future(author.close(), WAIT, "close author");
      Await.future(reader.close(), WAIT, "close reader");
    }
  }

  private static JoinLeave nextEventAbout(BlockingQueue<JoinLeave> events, String clientId)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JoinLeave e = events.poll(1, TimeUnit.SECONDS);
      if (e != null && clientId.equals(e.clientId())) {
        return e;
      }
    }
    throw new AssertionError("no join or leave of " + clientId + " within " + WAIT);
  }

  private BeaconClient javaClient(Gateway gateway, String sub) {
    return BeaconClient.create(
        vertx,
        ClientOptions.builder(URI.create("ws://127.0.0.1:" + gateway.port() + "/chat"))
            .header("Authorization", "Bearer " + tokens.hs256(Tokens.claims(sub, 300)))
            .build());
  }

  private static List<String> contents(JsonObject page) {
    JsonArray messages = page.getJsonArray("messages");
    return IntStream.range(0, messages.size())
        .mapToObj(i -> messages.getJsonObject(i).getString("content"))
        .toList();
  }

  private JsonObject history(TextClient client, String fields) {
    JsonObject request = new JsonObject(fields).put("type", "history");
    JsonObject answer = request(client, request.encode());
    assertThat(answer.getString("type"))
        .as("answer to %s: %s", fields, answer)
        .isEqualTo("history");
    return answer;
  }

  /** Sends a request with an id and returns the answer carrying that id. */
  private static JsonObject request(TextClient client, String frame) {
    String id = "q" + System.nanoTime();
    client.send(new JsonObject(frame).put("id", id).encode());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject m = new JsonObject(client.nextReply(WAIT));
      if (id.equals(m.getValue("id"))) {
        return m;
      }
    }
    throw new AssertionError("no answer to " + frame);
  }

  private static void subscribe(TextClient client, String room) {
    JsonObject answer = request(client, "{\"type\":\"subscribe\",\"room\":\"" + room + "\"}");
    assertThat(answer.getString("type")).isEqualTo("subscribed");
  }

  /** The join/leave events about {@code clientId} seen until one of type {@code until}. */
  private static List<String> eventsAbout(TextClient watcher, String clientId, String until) {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject m = new JsonObject(watcher.nextReply(WAIT));
      String type = m.getString("type");
      if ((type.equals("join") || type.equals("leave"))
          && clientId.equals(m.getString("client_id"))) {
        assertThat(m.getString("room")).isNotBlank();
        seen.add(type);
        if (type.equals(until)) {
          return seen;
        }
      }
    }
    throw new AssertionError("no " + until + " of " + clientId + " within " + WAIT);
  }

  private TextClient chatRaw(Gateway gateway, JsonObject claims) {
    return TextClient.connect(
        vertx,
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(gateway.port())
            .setURI("/chat")
            .addHeader("Authorization", "Bearer " + tokens.hs256(claims)));
  }

  private TextClient chat(Gateway gateway, JsonObject claims) {
    TextClient client = chatRaw(gateway, claims);
    client.setClientId(nextOfType(client, "welcome").getString("client_id"));
    return client;
  }

  private static JsonObject nextOfType(TextClient client, String type) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject m = new JsonObject(client.nextReply(WAIT));
      if (type.equals(m.getString("type"))) {
        return m;
      }
    }
    throw new AssertionError("no " + type + " within " + WAIT);
  }

  /** The next frame of {@code type}, as the text the gateway sent. */
  private static String nextFrameOfType(TextClient client, String type) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String frame = client.nextReply(WAIT);
      if (type.equals(new JsonObject(frame).getString("type"))) {
        return frame;
      }
    }
    throw new AssertionError("no " + type + " within " + WAIT);
  }

  private HttpResponse<String> post(String path, String body) {
    return send(path, body, ADMIN);
  }

  private HttpResponse<String> send(String path, String body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gwA.port() + "/api" + path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("admin API call failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static void assertAccepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo(code);
  }
}

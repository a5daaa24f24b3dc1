package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.PresenceRecordCodec;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.TextClient;
import dev.beacon.it.support.Tokens;
import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways with JWT authentication and the broadcaster on a real broker, in one JVM: the {@code
 * direct} grant, the gateway-stamped identity of every delivery, rooms re-checked on {@code
 * refresh}, the room cap, and presence written as one small record per membership.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Messaging grants")
class MessagingGrantsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** gw-b's room cap, small enough to reach in a test. */
  private static final int SMALL_CAP = 3;

  private static final int MANY_ROOMS = 500;

  @TempDir static Path dir;
  private final Tokens tokens = new Tokens();
  private EmbeddedKafka kafka;
  private KafkaSettings settings;
  private Vertx vertx;
  private BroadcasterService broadcaster;
  private Gateway gwA;
  private Gateway gwB;

  @BeforeAll
  void start() {
    kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir));
    settings = KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build();
    vertx = Vertx.vertx();
    broadcaster =
        Blocking.await(
            BroadcasterService.start(vertx, BroadcasterConfig.defaults(), settings), "broadcaster");
    SecurityConfig jwt =
        SecurityConfig.builder()
            .jwt(
                JwtConfig.builder()
                    .hs256Secret(Tokens.SECRET)
                    .leeway(Duration.ofSeconds(5))
                    .build())
            .build();
    GatewayConfig base = GatewayConfig.builder().port(0).instances(1).security(jwt).build();
    gwA =
        Blocking.await(
            Gateway.deploy(
                vertx,
                base.toBuilder().gatewayId("gw-a").maxRoomsPerConnection(MANY_ROOMS + 10).build(),
                KafkaBackend.of(settings),
                ConnectionListener.NONE),
            "gateway gw-a");
    gwB =
        Blocking.await(
            Gateway.deploy(
                vertx,
                base.toBuilder().gatewayId("gw-b").maxRoomsPerConnection(SMALL_CAP).build(),
                KafkaBackend.of(settings),
                ConnectionListener.NONE),
            "gateway gw-b");
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
  @DisplayName(
      "direct needs the direct claim once a token grants anything; the refusal names the claim")
  void directGrant() {
    JsonObject scoped =
        Tokens.claims("carol", 300)
            .put("rooms", new JsonArray().add("lobby"))
            .put("direct", new JsonArray().add("bob"));
    JsonObject roomsOnly = Tokens.claims("erin", 300).put("rooms", new JsonArray().add("lobby"));
    try (TextClient carol = chat(gwA, scoped);
        TextClient erin = chat(gwA, roomsOnly);
        TextClient bob = chat(gwB, Tokens.claims("bob", 300));
        TextClient dave = chat(gwB, Tokens.claims("dave", 300))) {
      awaitPresent(carol, "bob", "dave", "erin");

      JsonObject refused = new JsonObject(carol.request(direct("dave", "d1"), WAIT));
      assertThat(refused.getString("code")).isEqualTo("forbidden");
      assertThat(refused.getString("message")).contains("claim direct [bob]");
      assertThat(new JsonObject(erin.request(direct("bob", "d2"), WAIT)).getString("code"))
          .as("rooms without direct: no one")
          .isEqualTo("forbidden");

      carol.send(direct("bob", "d3"));
      JsonObject delivered = nextOfType(bob, "direct");
      assertThat(delivered.getString("client_id")).isEqualTo("carol");
      bob.send(direct("carol", "d4"));
      assertThat(nextOfType(carol, "direct").getString("client_id"))
          .as("a token restricting nothing reaches anyone")
          .isEqualTo("bob");
      assertThat(dave.pollReply(Duration.ofMillis(500))).as("dave got nothing").isNull();
    }
  }

  @Test
  @DisplayName(
      "client_id and verified_sub of a delivery are the author's connection's, whatever the frame said")
  void identityStamped() {
    try (TextClient mallory = chat(gwA, Tokens.claims("mallory", 300));
        TextClient reader = chat(gwB, Tokens.claims("reader", 300))) {
      awaitPresent(mallory, "reader");
      String forged = "\"client_id\":\"admin\",\"verified_sub\":\"admin\",\"sender\":\"admin\"";
      mallory.send("{\"type\":\"chat\",\"room\":\"lobby\",\"content\":\"c\"," + forged + "}");
      mallory.send(
          "{\"type\":\"broadcast\",\"message\":\"b\",\"from\":\"admin\",\"client_id\":\"admin\","
              + "\"verified_sub\":\"admin\"}");
      mallory.send("{\"type\":\"direct\",\"to\":\"reader\",\"content\":\"d\"," + forged + "}");
      // The three go through different partitions of beacon.messages: they may arrive in any order.
      Map<String, JsonObject> received = new java.util.HashMap<>();
      while (received.size() < 3) {
        JsonObject m = new JsonObject(reader.nextReply(WAIT));
        if (List.of("chat", "broadcast", "direct").contains(m.getString("type"))) {
          received.put(m.getString("type"), m);
        }
      }
      for (String type : List.of("chat", "broadcast", "direct")) {
        JsonObject m = received.get(type);
        assertThat(m.getString("client_id")).as(type + " client_id").isEqualTo("mallory");
        assertThat(m.getString("verified_sub")).as(type + " verified_sub").isEqualTo("mallory");
        assertThat(m.getString(type.equals("broadcast") ? "from" : "sender"))
            .as("the display name is the author's")
            .isEqualTo("admin");
      }
    }
  }

  @Test
  @DisplayName(
      "a refresh with a narrower token leaves the rooms it no longer grants and says which")
  void refreshLeavesRevokedRooms() {
    JsonObject wide =
        Tokens.claims("frank", 300)
            .put("rooms", new JsonArray().add("lobby").add("ops").add("team-*"));
    try (TextClient frank = chat(gwA, wide);
        TextClient grace = chat(gwB, Tokens.claims("grace", 300))) {
      for (String room : List.of("ops", "team-red")) {
        assertThat(new JsonObject(frank.request(subscribe(room, room), WAIT)).getString("type"))
            .isEqualTo("subscribed");
      }
      Await.until(
          "frank in ops, seen from gw-b", WAIT, () -> members(grace, "ops").contains("frank"));

      JsonObject narrow = Tokens.claims("frank", 600).put("rooms", new JsonArray().add("lobby"));
      JsonObject refreshed =
          new JsonObject(
              frank.request(
                  "{\"type\":\"refresh\",\"id\":\"r1\",\"token\":\"" + tokens.hs256(narrow) + "\"}",
                  WAIT));
      assertThat(refreshed.getString("type")).isEqualTo("refreshed");
      assertThat(refreshed.getJsonArray("left")).containsExactly("ops", "team-red");

      Await.until(
          "frank gone from ops, seen from gw-b",
          WAIT,
          () -> !members(grace, "ops").contains("frank"));
      assertThat(members(grace, "lobby")).contains("frank");
      grace.send("{\"type\":\"chat\",\"room\":\"ops\",\"content\":\"secret\"}");
      grace.send("{\"type\":\"chat\",\"room\":\"lobby\",\"content\":\"public\"}");
      assertThat(nextOfType(frank, "chat").getString("content"))
          .as("only the lobby's chat reaches frank")
          .isEqualTo("public");
    }
  }

  @Test
  @DisplayName("a subscribe past the room cap gets too_many_rooms and changes nothing")
  void roomCap() {
    try (TextClient heidi = chat(gwB, Tokens.claims("heidi", 300))) {
      assertThat(type(heidi.request(subscribe("a", "s1"), WAIT))).isEqualTo("subscribed");
      assertThat(type(heidi.request(subscribe("b", "s2"), WAIT))).isEqualTo("subscribed");
      JsonObject refused = new JsonObject(heidi.request(subscribe("c", "s3"), WAIT));
      assertThat(refused.getString("code")).isEqualTo("too_many_rooms");
      assertThat(refused.getString("message")).contains("BEACON_MAX_ROOMS_PER_CONNECTION");
      assertThat(type(heidi.request(subscribe("a", "s4"), WAIT)))
          .as("a room it follows")
          .isEqualTo("subscribed");
      assertThat(members(heidi, "c")).isEmpty();
      assertThat(type(heidi.request("{\"type\":\"unsubscribe\",\"room\":\"a\"}", WAIT)))
          .isEqualTo("unsubscribed");
      assertThat(type(heidi.request(subscribe("c", "s5"), WAIT))).isEqualTo("subscribed");
    }
  }

  @Test
  @DisplayName(
      "500 subscribes write linearly many presence bytes, a fresh reader rebuilds the same rooms, and a "
          + "disconnect removes them all")
  void presenceWritesChanges() {
    List<String> rooms = new ArrayList<>();
    for (int i = 0; i < MANY_ROOMS; i++) {
      rooms.add("many-" + i);
    }
    TextClient ivan = chat(gwA, Tokens.claims("ivan", 300));
    List<String> replies =
        ivan.pipeline(rooms.stream().map(r -> subscribe(r, null)).toList(), WAIT);
    assertThat(replies).allSatisfy(r -> assertThat(type(r)).isEqualTo("subscribed"));
    Set<String> expected = new LinkedHashSet<>(List.of("lobby"));
    expected.addAll(rooms);

    PresenceView fresh = new PresenceView();
    long[] bytes = new long[1];
    Await.until(
        "a fresh reader sees ivan in all his rooms",
        WAIT,
        () -> {
          bytes[0] = readPresence(fresh, "ivan");
          return fresh
              .client("ivan", System.currentTimeMillis())
              .map(c -> Set.copyOf(c.rooms()).equals(expected))
              .orElse(false);
        });
    // One record per room: about 150 bytes each. Rewriting the whole list on every subscribe
    // (format 1) wrote
    // about 1.3 MB for these 500 rooms.
    assertThat(bytes[0])
        .as("presence bytes for %d rooms", MANY_ROOMS)
        .isLessThan(MANY_ROOMS * 250L);
    assertThat(fresh.members("many-7", System.currentTimeMillis()))
        .extracting(ClientPresent::clientId)
        .containsExactly("ivan");

    ivan.close();
    PresenceView afterLeaving = new PresenceView();
    Await.until(
        "a fresh reader sees ivan gone, with every membership",
        WAIT,
        () -> {
          readPresence(afterLeaving, "ivan");
          long now = System.currentTimeMillis();
          return !afterLeaving.isPresent("ivan", now)
              && afterLeaving.members("many-7", now).isEmpty();
        });
    assertThat(afterLeaving.members("lobby", System.currentTimeMillis()))
        .extracting(ClientPresent::clientId)
        .doesNotContain("ivan");
    assertThat(tombstones("ivan"))
        .as("a tombstone per membership, for compaction")
        .isEqualTo(MANY_ROOMS + 1);
  }

  /**
   * Reads {@code beacon.presence} from the beginning to its end into {@code view}; the bytes of
   * {@code client}'s records.
   */
  private long readPresence(PresenceView view, String client) {
    long bytes = 0;
    for (ConsumerRecord<byte[], byte[]> r : presenceRecords()) {
      view.apply(PresenceRecordCodec.decode(r.key(), r.value()));
      String key = new String(r.key(), StandardCharsets.UTF_8);
      if (key.equals("client:" + client) || key.startsWith("member:" + client + "/")) {
        bytes += r.key().length + (r.value() == null ? 0 : r.value().length);
      }
    }
    return bytes;
  }

  private long tombstones(String client) {
    return presenceRecords().stream()
        .filter(r -> r.value() == null)
        .filter(
            r -> new String(r.key(), StandardCharsets.UTF_8).startsWith("member:" + client + "/"))
        .count();
  }

  private List<ConsumerRecord<byte[], byte[]>> presenceRecords() {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrap(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      String topic = settings.topics().presence();
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private TextClient chat(Gateway gateway, JsonObject claims) {
    TextClient client =
        TextClient.connect(
            vertx,
            new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(gateway.port())
                .setURI("/chat")
                .addHeader("Authorization", "Bearer " + tokens.hs256(claims)));
    JsonObject welcome = nextOfType(client, "welcome");
    client.setClientId(welcome.getString("client_id"));
    return client;
  }

  private static void awaitPresent(TextClient asker, String... ids) {
    Await.until(
        "clients " + List.of(ids) + " present",
        WAIT,
        () -> members(asker, "lobby").containsAll(List.of(ids)));
  }

  private static List<String> members(TextClient asker, String room) {
    return new JsonObject(asker.request("{\"type\":\"presence\",\"room\":\"" + room + "\"}", WAIT))
        .getJsonArray("clients").stream()
            .map(c -> ((JsonObject) c).getString("client_id"))
            .toList();
  }

  private static String direct(String to, String id) {
    return "{\"type\":\"direct\",\"id\":\"" + id + "\",\"to\":\"" + to + "\",\"content\":\"psst\"}";
  }

  private static String subscribe(String room, String id) {
    return "{\"type\":\"subscribe\",\"room\":\""
        + room
        + "\""
        + (id == null ? "" : ",\"id\":\"" + id + "\"")
        + "}";
  }

  private static String type(String frame) {
    return new JsonObject(frame).getString("type");
  }

  private static JsonObject nextOfType(TextClient client, String type) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject m = new JsonObject(client.nextReply(WAIT));
      if (type.equals(m.getString("type"))) {
        return m;
      }
    }
    throw new AssertionError("no message of type " + type + " within " + WAIT);
  }
}

package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.ServerMessages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MessagingTest {

  private static final String CSV_FIX = "32,1681593747,44.8159745,20.4601243";

  private final InMemoryMessageSink messages = new InMemoryMessageSink();
  private Vertx vertx;
  private Gateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    gateway =
        TestGateways.deployMessaging(
            vertx, TestGateways.config().toBuilder().maxOutboundBytes(65_536).build(), messages);
  }

  private TestClient chatClient() throws InterruptedException {
    TestClient client = TestClient.connect(vertx, gateway.port(), "/chat");
    assertThat(client.nextJson().getString("type")).isEqualTo("welcome");
    return client;
  }

  private static String clientIdOf(TestClient client) throws InterruptedException {
    client.send("{\"type\":\"ping\"}");
    return client.nextJson().getString("client_id");
  }

  /**
   * A broadcast injected as if from the deliveries topic; every messaging client must receive it
   * next.
   */
  private String marker(String text) {
    String payload = ServerMessages.broadcast(text, "test", "c-test", 1L);
    gateway
        .deliveries()
        .dispatch(DeliveryRecord.toAll(MessageRecord.newId(), payload), messages.nextPosition());
    return text;
  }

  @Test
  @DisplayName(
      "a client on /chat is welcomed at once with its id, the gateway id and the server time")
  void welcomeOnChat() throws Exception {
    TestClient client = TestClient.connect(vertx, gateway.port(), "/chat");
    JsonObject welcome = client.nextJson();
    assertThat(welcome.fieldNames()).containsExactly("type", "client_id", "gateway", "server_time");
    assertThat(welcome.getString("gateway")).isEqualTo(TestGateways.GATEWAY_ID);
    assertThat(welcome.getLong("server_time"))
        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5000L));
    assertThat(clientIdOf(client)).isEqualTo(welcome.getString("client_id"));
  }

  @Test
  @DisplayName(
      "a device sending CSV on /ws or / receives its OKs and nothing else, not even broadcasts")
  void devicesGetNothingUnsolicited() throws Exception {
    TestClient chat = chatClient();
    for (String path : new String[] {"/ws", "/"}) {
      TestClient device = TestClient.connect(vertx, gateway.port(), path);
      device.send(CSV_FIX);
      assertThat(device.next()).isEqualTo("OK");
      marker("to everyone " + path);
      assertThat(chat.nextJson().getString("message")).isEqualTo("to everyone " + path);
      device.send(CSV_FIX);
      assertThat(device.next()).isEqualTo("OK");
      assertThat(device.pending()).isZero();
    }
  }

  @Test
  @DisplayName(
      "on /ws the first messaging request brings the welcome just before its reply, and lobby membership")
  void wsBecomesMessagingClient() throws Exception {
    TestClient client = TestClient.connect(vertx, gateway.port(), "/ws");
    client.send(CSV_FIX);
    client.send("{\"type\":\"ping\",\"id\":\"p\"}");
    client.send("{\"type\":\"subscribe\",\"id\":\"r1\",\"room\":\"news\"}");
    assertThat(client.next()).isEqualTo("OK");
    assertThat(client.nextJson().getString("type")).isEqualTo("pong");
    assertThat(client.nextJson().getString("type")).isEqualTo("welcome");
    assertThat(client.nextJson().getString("type")).isEqualTo("subscribed");
    client.send("{\"type\":\"chat\",\"content\":\"hi\"}");
    JsonObject chat = client.nextJson();
    assertThat(chat.getString("room")).isEqualTo("lobby");
    assertThat(chat.getString("pos")).startsWith(InMemoryMessageSink.EPOCH + "-0-");
  }

  @Test
  @DisplayName(
      "a chat is published with its room, sender and author, and the author receives it through delivery")
  void chatPublished() throws Exception {
    TestClient ana = chatClient();
    String anaId = clientIdOf(ana);
    ana.send("{\"type\":\"chat\",\"id\":\"m1\",\"sender\":\"ana\",\"content\":\"hi\"}");
    MessageRecord record = messages.next();
    assertThat(record.kind()).isEqualTo(MessageRecord.Kind.CHAT);
    assertThat(record.room()).isEqualTo("lobby");
    assertThat(record.sender()).isEqualTo("ana");
    assertThat(record.clientId()).isEqualTo(anaId);
    assertThat(record.gateway()).isEqualTo(TestGateways.GATEWAY_ID);
    JsonObject delivered = ana.nextJson();
    assertThat(delivered.getString("type")).isEqualTo("chat");
    assertThat(delivered.getString("content")).isEqualTo("hi");
    assertThat(delivered.getString("client_id")).isEqualTo(anaId);
  }

  @Test
  @DisplayName(
      "without authentication, identity fields in the frame are dropped: its own client_id, no verified_sub")
  void anonymousIdentity() throws Exception {
    TestClient ana = chatClient();
    String anaId = clientIdOf(ana);
    ana.send(
        "{\"type\":\"chat\",\"sender\":\"admin\",\"client_id\":\"admin\",\"verified_sub\":\"admin\","
            + "\"content\":\"hi\"}");
    MessageRecord record = messages.next();
    assertThat(record.clientId()).isEqualTo(anaId);
    assertThat(record.verifiedSub()).isNull();
    JsonObject delivered = ana.nextJson();
    assertThat(delivered.getString("client_id")).isEqualTo(anaId);
    assertThat(delivered.containsKey("verified_sub")).isFalse();
    assertThat(delivered.getString("sender")).isEqualTo("admin");
  }

  @Test
  @DisplayName("a refused request is answered with its protocol error and publishes nothing")
  void protocolErrors() throws Exception {
    TestClient ana = chatClient();
    ana.send("{\"type\":\"chat\",\"id\":\"m1\",\"content\":\"hi\",\"room\":\"gps:32\"}");
    JsonObject error = ana.nextJson();
    assertThat(error.getString("code")).isEqualTo("bad_room");
    assertThat(error.getString("id")).isEqualTo("m1");
    ana.send("{\"type\":\"broadcast\",\"id\":\"b1\"}");
    assertThat(ana.nextJson().getString("code")).isEqualTo("bad_request");
    assertThat(messages.waiting()).isZero();
  }

  @Test
  @DisplayName(
      "a delivery to a room reaches its members only, each exactly once, with the same bytes")
  void roomDelivery() throws Exception {
    TestClient outsider = chatClient();
    TestClient a = chatClient();
    TestClient b = chatClient();
    for (TestClient member : new TestClient[] {a, b}) {
      member.send("{\"type\":\"subscribe\",\"room\":\"ops\"}");
      assertThat(member.nextJson().getString("type")).isEqualTo("subscribed");
    }
    gateway
        .deliveries()
        .dispatch(
            DeliveryRecord.toRoom(
                "ops",
                MessageRecord.newId(),
                ServerMessages.chat("ana", "to ops", "ops", "c-x", 1L)),
            messages.nextPosition());
    String toA = a.next();
    assertThat(b.next()).isEqualTo(toA);
    assertThat(new JsonObject(toA).getString("pos")).startsWith(InMemoryMessageSink.EPOCH);
    String end = marker("end");
    for (TestClient client : new TestClient[] {outsider, a, b}) {
      assertThat(client.nextJson().getString("message"))
          .as("nothing before the marker")
          .isEqualTo(end);
    }
  }

  @Test
  @DisplayName(
      "a broadcast is acked to its author and reaches every messaging client, never a CSV device")
  void broadcast() throws Exception {
    TestClient author = chatClient();
    TestClient other = chatClient();
    TestClient device = TestClient.connect(vertx, gateway.port(), "/ws");
    author.send(
        "{\"type\":\"broadcast\",\"id\":\"b1\",\"message\":\"maintenance\",\"from\":\"ops\"}");
    JsonObject first = author.nextJson();
    JsonObject second = author.nextJson();
    assertThat(Set.of(first.getString("type"), second.getString("type")))
        .containsExactlyInAnyOrder("broadcast", "broadcast_ack");
    JsonObject ack = first.getString("type").equals("broadcast_ack") ? first : second;
    assertThat(ack.getString("id")).isEqualTo("b1");
    assertThat(other.nextJson().getString("message")).isEqualTo("maintenance");
    device.send(CSV_FIX);
    assertThat(device.next()).isEqualTo("OK");
    assertThat(device.pending()).isZero();
  }

  @Test
  @DisplayName("a broadcast Kafka does not take is answered kafka_unavailable, never acked")
  void broadcastNotTaken(Vertx vertx) throws Exception {
    InMemoryMessageSink refusing = new InMemoryMessageSink().failing();
    Gateway other = TestGateways.deployMessaging(vertx, TestGateways.config(), refusing);
    TestClient author = TestClient.connect(vertx, other.port(), "/chat");
    author.next();
    author.send("{\"type\":\"broadcast\",\"id\":\"b1\",\"message\":\"x\"}");
    JsonObject error = author.nextJson();
    assertThat(error.getString("code")).isEqualTo("kafka_unavailable");
    assertThat(error.getString("id")).isEqualTo("b1");
  }

  @Test
  @DisplayName("a direct message reaches its recipient only; to an unknown client it is an error")
  void direct() throws Exception {
    TestClient ana = chatClient();
    TestClient bob = chatClient();
    String bobId = clientIdOf(bob);
    ana.send(
        "{\"type\":\"direct\",\"to\":\"" + bobId + "\",\"content\":\"psst\",\"sender\":\"ana\"}");
    JsonObject direct = bob.nextJson();
    assertThat(direct.getString("type")).isEqualTo("direct");
    assertThat(direct.getString("to")).isEqualTo(bobId);
    assertThat(direct.getString("content")).isEqualTo("psst");
    ana.send("{\"type\":\"direct\",\"id\":\"d2\",\"to\":\"nobody\",\"content\":\"psst\"}");
    JsonObject error = ana.nextJson();
    assertThat(error.getString("code")).isEqualTo("client_not_connected");
    assertThat(error.getString("id")).isEqualTo("d2");
  }

  @Test
  @DisplayName("subscribe and unsubscribe are confirmed, and decide which room deliveries arrive")
  void subscribeUnsubscribe() throws Exception {
    TestClient client = chatClient();
    client.send("{\"type\":\"subscribe\",\"id\":\"r1\",\"room\":\"news\"}");
    assertThat(client.nextJson())
        .isEqualTo(
            new JsonObject()
                .put("type", "subscribed")
                .put("id", "r1")
                .put("room", "news")
                .put("recovered", true)
                .putNull("pos")
                .put("missed", 0));
    client.send("{\"type\":\"subscribe\",\"room\":\"news\",\"since\":\"q2vKd7Lw-3-1042\"}");
    assertThat(client.nextJson().getBoolean("recovered")).isFalse();
    client.send("{\"type\":\"unsubscribe\",\"id\":\"u1\",\"room\":\"news\"}");
    assertThat(client.nextJson())
        .isEqualTo(
            new JsonObject().put("type", "unsubscribed").put("id", "u1").put("room", "news"));
    gateway
        .deliveries()
        .dispatch(
            DeliveryRecord.toRoom(
                "news",
                MessageRecord.newId(),
                ServerMessages.chat("ana", "missed", "news", "c-x", 1L)),
            messages.nextPosition());
    String after = marker("after");
    assertThat(client.nextJson().getString("message")).isEqualTo(after);
  }

  @Test
  @DisplayName("get_stats counts messaging clients; presence lists a room's members")
  void statsAndPresence() throws Exception {
    TestClient ana = chatClient();
    TestClient bob = chatClient();
    TestClient.connect(vertx, gateway.port(), "/ws").send(CSV_FIX);
    ana.send("{\"type\":\"custom\",\"id\":\"s1\",\"action\":\"get_stats\"}");
    JsonObject stats = ana.nextJson();
    assertThat(stats.getString("type")).isEqualTo("stats");
    assertThat(stats.getString("id")).isEqualTo("s1");
    assertThat(stats.getInteger("connected_clients")).isEqualTo(2);
    bob.send("{\"type\":\"presence\",\"id\":\"p1\",\"room\":\"lobby\"}");
    JsonObject presence = bob.nextJson();
    assertThat(presence.getJsonArray("clients")).hasSize(2);
    assertThat(presence.getJsonArray("clients").getJsonObject(0).getString("gateway"))
        .isEqualTo(TestGateways.GATEWAY_ID);
    ana.send("{\"type\":\"custom\",\"action\":\"dance\"}");
    assertThat(ana.nextJson().getString("code")).isEqualTo("bad_request");
  }

  @Test
  @DisplayName("a client that stops reading is closed with 4010 while the others keep receiving")
  void slowConsumer() throws Exception {
    TestClient fast = chatClient();
    try (StalledReader slow = new StalledReader(gateway.port(), "/chat")) {
      String big = "x".repeat(4000);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      int connected = 2;
      while (connected == 2 && System.nanoTime() < deadline) {
        for (int i = 0; i < 20; i++) {
          marker(big);
          assertThat(fast.nextJson().getString("message")).isEqualTo(big);
        }
        fast.send("{\"type\":\"custom\",\"action\":\"get_stats\"}");
        connected = fast.nextJson().getInteger("connected_clients");
      }
      assertThat(connected).as("the slow client is gone").isEqualTo(1);
      String stillHere = marker("still here");
      assertThat(fast.nextJson().getString("message")).isEqualTo(stillHere);
      assertThat(slow.readUntilClose()).isEqualTo(CloseCodes.SLOW_CONSUMER);
    }
  }
}

package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.KafkaTenant;
import dev.beacon.it.support.SharedKafka;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three gateways and the broadcaster on a real broker, in one JVM: messages cross gateways exactly
 * once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagingAcrossGatewaysIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private Vertx vertx;
  private BroadcasterService broadcaster;
  private final List<Gateway> gateways = new ArrayList<>();

  @BeforeAll
  void start() {
    KafkaTenant kafka = SharedKafka.tenant(getClass());
    KafkaSettings settings = kafka.settings(3);
    vertx = Vertx.vertx();
    broadcaster =
        Blocking.await(
            BroadcasterService.start(vertx, kafka.broadcaster().build(), settings), "broadcaster");
    for (String id : List.of("gw-a", "gw-b", "gw-c")) {
      gateways.add(
          Blocking.await(
              Gateway.deploy(
                  vertx,
                  GatewayConfig.builder()
                      .port(0)
                      .deviceAuth(DeviceAuthMode.OPEN)
                      .gatewayId(id)
                      .instances(1)
                      .build(),
                  KafkaBackend.of(settings),
                  ConnectionListener.NONE),
              "gateway " + id));
    }
  }

  @AfterAll
  void stop() {
    gateways.forEach(g -> Blocking.awaitQuietly(g.close(), "stop gateway"));
    Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
  }

  @Test
  @DisplayName(
      "a broadcast from gateway A reaches the clients on B and C exactly once, and get_stats counts all")
  void broadcastCrossesGateways() {
    List<TextClient> clients = connectOnePerGateway();
    Await.until(
        "all three clients counted by get_stats",
        WAIT,
        () -> {
          clients.get(0).send("{\"type\":\"custom\",\"action\":\"get_stats\"}");
          JsonObject stats = nextOfType(clients.get(0), "stats");
          return stats.getInteger("connected_clients") >= 3;
        });
    clients
        .get(0)
        .send("{\"type\":\"broadcast\",\"message\":\"hello cluster\",\"from\":\"alice\"}");
    assertThat(nextOfType(clients.get(0), "broadcast_ack")).isNotNull();
    for (TextClient client : clients) {
      JsonObject received = nextOfType(client, "broadcast");
      assertThat(received.getString("message")).isEqualTo("hello cluster");
      assertThat(received.getString("pos")).isNotBlank();
    }
    for (TextClient client : clients) {
      assertThat(client.pollReply(Duration.ofMillis(500))).as("no second copy").isNull();
    }
    clients.forEach(TextClient::close);
  }

  @Test
  @DisplayName("a direct message crosses gateways and reaches only its target")
  void directCrossesGateways() {
    List<TextClient> clients = connectOnePerGateway();
    String target = clients.get(2).clientId();
    String direct =
        "{\"type\":\"direct\",\"to\":\"" + target + "\",\"content\":\"psst\",\"sender\":\"alice\"}";
    JsonObject received = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (received == null && System.nanoTime() < deadline) {
      // Until presence has spread, the sender is told client_not_connected; then the message goes
      // through.
      clients.get(0).send(direct);
      String frame = clients.get(2).pollReply(Duration.ofSeconds(1));
      if (frame != null && new JsonObject(frame).getString("type").equals("direct")) {
        received = new JsonObject(frame);
      }
    }
    assertThat(received).as("the direct message at its target").isNotNull();
    assertThat(received.getString("content")).isEqualTo("psst");
    assertThat(clients.get(1).pollReply(Duration.ofMillis(500))).as("bystander on gw-b").isNull();
    clients.forEach(TextClient::close);
  }

  @Test
  @DisplayName(
      "within a room, order is preserved under concurrent publishers on different gateways")
  void roomOrderUnderConcurrentPublishers() {
    List<TextClient> clients = connectOnePerGateway();
    for (TextClient c : clients) {
      c.send("{\"type\":\"subscribe\",\"room\":\"ops\"}");
      nextOfType(c, "subscribed");
    }
    int perPublisher = 50;
    for (int i = 0; i < perPublisher; i++) {
      clients
          .get(0)
          .send(
              "{\"type\":\"chat\",\"room\":\"ops\",\"sender\":\"a\",\"content\":\"a-" + i + "\"}");
      clients
          .get(1)
          .send(
              "{\"type\":\"chat\",\"room\":\"ops\",\"sender\":\"b\",\"content\":\"b-" + i + "\"}");
    }
    List<List<String>> seen = new ArrayList<>();
    for (TextClient c : clients) {
      List<String> contents = new ArrayList<>();
      while (contents.size() < 2 * perPublisher) {
        contents.add(nextOfType(c, "chat").getString("content"));
      }
      seen.add(contents);
    }
    assertThat(seen.get(1)).as("same order on every gateway").isEqualTo(seen.get(0));
    assertThat(seen.get(2)).isEqualTo(seen.get(0));
    assertThat(seen.get(0).stream().filter(s -> s.startsWith("a-")).toList())
        .as("each publisher's own order")
        .isEqualTo(numbered("a-", perPublisher));
    clients.forEach(TextClient::close);
  }

  @Test
  @DisplayName(
      "a client that reconnects to another gateway recovers what it missed in its room, with no gap")
  void recoveryOnAnotherGateway() {
    TextClient publisher = TextClient.connect(vertx, gateways.get(0).port(), "/chat");
    nextOfType(publisher, "welcome");
    TextClient reader = TextClient.connect(vertx, gateways.get(1).port(), "/chat");
    nextOfType(reader, "welcome");
    reader.send("{\"type\":\"subscribe\",\"room\":\"news\"}");
    nextOfType(reader, "subscribed");
    publisher.send("{\"type\":\"chat\",\"room\":\"news\",\"sender\":\"p\",\"content\":\"n-0\"}");
    String lastPos = nextOfType(reader, "chat").getString("pos");
    reader.close();
    for (int i = 1; i <= 5; i++) {
      publisher.send(
          "{\"type\":\"chat\",\"room\":\"news\",\"sender\":\"p\",\"content\":\"n-" + i + "\"}");
    }
    TextClient back = TextClient.connect(vertx, gateways.get(2).port(), "/chat");
    nextOfType(back, "welcome");
    back.send("{\"type\":\"subscribe\",\"room\":\"news\",\"since\":\"" + lastPos + "\"}");
    List<String> recovered = new ArrayList<>();
    JsonObject subscribed = null;
    while (subscribed == null || recovered.size() < 5) {
      JsonObject m = nextOfType(back, "chat", "subscribed");
      if (m.getString("type").equals("subscribed")) {
        subscribed = m;
      } else {
        recovered.add(m.getString("content"));
      }
    }
    assertThat(subscribed.getBoolean("recovered")).isTrue();
    assertThat(recovered).containsExactly("n-1", "n-2", "n-3", "n-4", "n-5");
    publisher.send("{\"type\":\"chat\",\"room\":\"news\",\"sender\":\"p\",\"content\":\"n-6\"}");
    assertThat(nextOfType(back, "chat").getString("content"))
        .as("live after the replay")
        .isEqualTo("n-6");
    publisher.close();
    back.close();
  }

  private List<TextClient> connectOnePerGateway() {
    List<TextClient> clients = new ArrayList<>();
    for (Gateway g : gateways) {
      TextClient c = TextClient.connect(vertx, g.port(), "/chat");
      c.setClientId(nextOfType(c, "welcome").getString("client_id"));
      clients.add(c);
    }
    return clients;
  }

  /** The next message of one of {@code types}, skipping others (chat in lobby, pongs). */
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

  private static List<String> numbered(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }
}

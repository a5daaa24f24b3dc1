package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.operations.ServerApiConfig;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.it.support.AdminHttp;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API of two gateways and the broadcaster on a real broker: cluster-wide list, send,
 * disconnect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TOKEN = "it-admin-token-0123456789";

  @TempDir static Path dir;
  private EmbeddedKafka kafka;
  private Vertx vertx;
  private BroadcasterService broadcaster;
  private final List<Gateway> gateways = new ArrayList<>();
  private AdminHttp adminA;

  @BeforeAll
  void start() {
    kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir));
    KafkaSettings settings =
        KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build();
    vertx = Vertx.vertx();
    broadcaster =
        Blocking.await(
            BroadcasterService.start(vertx, BroadcasterConfig.defaults(), settings), "broadcaster");
    for (String id : List.of("gw-a", "gw-b")) {
      GatewayConfig config =
          GatewayConfig.builder()
              .port(0)
              .deviceAuth(DeviceAuthMode.OPEN)
              .gatewayId(id)
              .instances(1)
              .serverApi(ServerApiConfig.builder().adminToken(TOKEN).build())
              .build();
      gateways.add(
          Blocking.await(
              Gateway.deploy(vertx, config, KafkaBackend.of(settings), ConnectionListener.NONE),
              "gateway " + id));
    }
    adminA = new AdminHttp(gateways.get(0).port(), TOKEN);
  }

  @AfterAll
  void stop() {
    gateways.forEach(g -> Blocking.awaitQuietly(g.close(), "stop gateway"));
    Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
    kafka.close();
  }

  @Test
  @DisplayName("without the token, or with a wrong one, the API answers 401 with a JSON error")
  void unauthorized() {
    int port = gateways.get(0).port();
    for (AdminHttp api :
        List.of(new AdminHttp(port, null), new AdminHttp(port, TOKEN + "-wrong"))) {
      AdminHttp.Response answer = api.get("/clients");
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.json().getString("error")).isEqualTo("unauthorized");
      assertThat(api.post("/broadcast", new JsonObject().put("message", "x")).status())
          .isEqualTo(401);
    }
  }

  @Test
  @DisplayName(
      "the list shows the clients of both gateways with gateway, remote address, rooms and connected_at")
  void listsAcrossGateways() {
    TextClient onA = welcomed(0);
    TextClient onB = welcomed(1);
    onB.send("{\"type\":\"subscribe\",\"room\":\"ops\"}");
    nextOfType(onB, "subscribed");
    Await.until(
        "both clients listed by gateway A",
        WAIT,
        () -> listed().containsAll(Set.of(onA.clientId(), onB.clientId())));

    JsonArray clients = adminA.get("/clients?gateway=gw-b&room=ops").json().getJsonArray("clients");
    JsonObject b =
        clients.stream()
            .map(JsonObject.class::cast)
            .filter(c -> c.getString("client_id").equals(onB.clientId()))
            .findFirst()
            .orElseThrow();
    assertThat(b.getString("gateway")).isEqualTo("gw-b");
    assertThat(b.getString("remote")).startsWith("127.0.0.1:");
    assertThat(b.getJsonArray("rooms").getList()).contains("lobby", "ops");
    assertThat(b.getLong("connected_at")).isPositive();
    assertThat(adminA.get("/clients/count").json().getInteger("count")).isGreaterThanOrEqualTo(2);
    assertThat(adminA.get("/clients?limit=0").status()).isEqualTo(400);
    onA.close();
    onB.close();
  }

  @Test
  @DisplayName(
      "a disconnect asked of gateway A closes the client on gateway B with the given code and reason")
  void disconnectAcrossGateways() {
    TextClient onB = welcomed(1);
    Await.until("the client on B listed by A", WAIT, () -> listed().contains(onB.clientId()));

    AdminHttp.Response answer =
        adminA.post(
            "/clients/" + onB.clientId() + "/disconnect",
            new JsonObject().put("code", 4403).put("reason", "kicked by ops"));

    assertThat(answer.status()).isEqualTo(202);
    assertThat(onB.awaitCloseCode(WAIT)).isEqualTo((short) 4403);
    assertThat(onB.closeReason()).isEqualTo("kicked by ops");
    assertThat(
            adminA
                .post(
                    "/clients/" + onB.clientId() + "/disconnect",
                    new JsonObject().put("code", 1001))
                .status())
        .as("1001 is not an operator's code")
        .isEqualTo(400);
  }

  @Test
  @DisplayName(
      "sending to one client reaches only that client; broadcast and publish reach the room")
  void sendReachesOnlyItsTarget() {
    TextClient target = welcomed(1);
    TextClient neighbour = welcomed(1);
    TextClient elsewhere = welcomed(0);
    Await.until(
        "all three listed",
        WAIT,
        () ->
            listed()
                .containsAll(
                    Set.of(target.clientId(), neighbour.clientId(), elsewhere.clientId())));

    assertThat(
            adminA
                .post(
                    "/clients/" + target.clientId() + "/send",
                    new JsonObject().put("message", "only you").put("from", "ops"))
                .status())
        .isEqualTo(202);
    JsonObject direct = nextOfType(target, "direct");
    assertThat(direct.getString("content")).isEqualTo("only you");
    assertThat(direct.getString("sender")).isEqualTo("ops");
    assertThat(neighbour.pollReply(Duration.ofMillis(500)))
        .as("neighbour on the same gateway")
        .isNull();
    assertThat(elsewhere.pollReply(Duration.ofMillis(200)))
        .as("client on the other gateway")
        .isNull();

    assertThat(
            adminA
                .post("/rooms/lobby/publish", new JsonObject().put("message", "from backend"))
                .status())
        .isEqualTo(202);
    for (TextClient client : List.of(target, neighbour, elsewhere)) {
      assertThat(nextOfType(client, "chat").getString("content")).isEqualTo("from backend");
    }
    assertThat(adminA.post("/broadcast", new JsonObject().put("message", "to all")).status())
        .isEqualTo(202);
    for (TextClient client : List.of(target, neighbour, elsewhere)) {
      assertThat(nextOfType(client, "broadcast").getString("message")).isEqualTo("to all");
    }
    assertThat(adminA.post("/rooms/gps:*/publish", new JsonObject().put("message", "x")).status())
        .isEqualTo(400);
    List.of(target, neighbour, elsewhere).forEach(TextClient::close);
  }

  private Set<String> listed() {
    return adminA.get("/clients").json().getJsonArray("clients").stream()
        .map(c -> ((JsonObject) c).getString("client_id"))
        .collect(Collectors.toSet());
  }

  private TextClient welcomed(int gateway) {
    TextClient client = TextClient.connect(vertx, gateways.get(gateway).port(), "/chat");
    client.setClientId(nextOfType(client, "welcome").getString("client_id"));
    return client;
  }

  /** The next message of {@code type}, skipping others. */
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

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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A device's fixes reach the /chat clients following it live: gateway -> beacon.gps -> GPS relay ->
 * gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveGpsRelayIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long BASE_TS = 1_681_593_747_000L;
  private static final Map<String, double[]> WHERE =
      Map.of(
          "dev-1", new double[] {44.8159745, 20.4601243},
          "dev-2", new double[] {-33.8688, 151.2093});

  private Vertx vertx;
  private BroadcasterService broadcaster;
  private Gateway gateway;

  @BeforeAll
  void start() {
    KafkaTenant kafka = SharedKafka.tenant(getClass());
    KafkaSettings settings = kafka.settings(3);
    vertx = Vertx.vertx();
    broadcaster =
        Blocking.await(
            BroadcasterService.start(vertx, kafka.broadcaster().build(), settings), "broadcaster");
    gateway =
        Blocking.await(
            Gateway.deploy(
                vertx,
                GatewayConfig.builder()
                    .port(0)
                    .deviceAuth(DeviceAuthMode.OPEN)
                    .gatewayId("gw-live")
                    .instances(1)
                    .build(),
                KafkaBackend.of(settings),
                ConnectionListener.NONE),
            "gateway");
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      Blocking.awaitQuietly(gateway.close(), "stop gateway");
    }
    if (broadcaster != null) {
      Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
    }
    if (vertx != null) {
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
  }

  @Test
  @DisplayName("a gps:dev-1 follower gets only dev-1's fixes, a gps:* follower gets every device's")
  void followersGetLiveFixes() {
    TextClient one = follower("gps:dev-1");
    TextClient all = follower("gps:*");
    List<JsonObject> toOne = new ArrayList<>();
    List<JsonObject> toAll = new ArrayList<>();
    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      long ts = BASE_TS;
      long deadline = System.nanoTime() + WAIT.toNanos();
      // Fixes sent before the followers' presence reaches the broadcaster are (rightly) not
      // relayed: resend.
      while (!(toOne.size() > 0 && devices(toAll).containsAll(WHERE.keySet()))
          && System.nanoTime() < deadline) {
        ts++;
        for (String id : List.of("dev-1", "dev-2")) {
          assertThat(device.request(csv(id, ts), WAIT)).as("fix acknowledged").isEqualTo("OK");
        }
        drain(one, toOne, Duration.ofMillis(300));
        drain(all, toAll, Duration.ofMillis(300));
      }
      ts++;
      for (String id : List.of("dev-1", "dev-2")) {
        assertThat(device.request(csv(id, ts), WAIT)).isEqualTo("OK");
      }
      drain(one, toOne, Duration.ofSeconds(1));
      drain(all, toAll, Duration.ofSeconds(1));
    }

    assertThat(toOne).as("dev-1 follower received dev-1's fixes").isNotEmpty();
    assertThat(devices(toOne)).as("only dev-1").containsOnly("dev-1");
    assertThat(devices(toAll))
        .as("the gps:* follower got both devices")
        .containsOnly("dev-1", "dev-2");
    for (JsonObject m : toOne) {
      assertFix(m, "gps:dev-1");
    }
    for (JsonObject m : toAll) {
      assertFix(m, "gps:*");
    }
    Await.until(
        "the relay counted its deliveries",
        WAIT,
        () -> broadcaster.stats().gpsDeliveries() >= toOne.size() + toAll.size());
    assertThat(broadcaster.hasFailed()).isFalse();
    one.close();
    all.close();
  }

  private TextClient follower(String room) {
    TextClient client = TextClient.connect(vertx, gateway.port(), "/chat");
    nextOfType(client, "welcome");
    client.send("{\"type\":\"subscribe\",\"room\":\"" + room + "\"}");
    assertThat(nextOfType(client, "subscribed").getString("room")).isEqualTo(room);
    return client;
  }

  private static void assertFix(JsonObject m, String room) {
    double[] where = WHERE.get(m.getString("device_id"));
    assertThat(m.getString("room")).isEqualTo(room);
    assertThat(m.getDouble("lat")).isEqualTo(where[0]);
    assertThat(m.getDouble("lon")).isEqualTo(where[1]);
    assertThat(m.getLong("ts")).isGreaterThan(BASE_TS);
    assertThat(m.getString("pos")).isNotBlank();
  }

  private static List<String> devices(List<JsonObject> messages) {
    return messages.stream().map(m -> m.getString("device_id")).distinct().toList();
  }

  /** Collects the {@code gps} messages the client has, until none comes within {@code quiet}. */
  private static void drain(TextClient client, List<JsonObject> into, Duration quiet) {
    String frame;
    while ((frame = client.pollReply(quiet)) != null) {
      JsonObject m = new JsonObject(frame);
      if ("gps".equals(m.getString("type"))) {
        into.add(m);
      }
    }
  }

  private static String csv(String device, long ts) {
    double[] where = WHERE.get(device);
    return device + "," + ts + "," + where[0] + "," + where[1];
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

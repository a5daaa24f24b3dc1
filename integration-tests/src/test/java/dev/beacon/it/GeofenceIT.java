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
import dev.beacon.ingestor.Ingestor;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.ingestor.ReadAccessConfig;
import dev.beacon.it.support.AdminHttp;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.GpsDb;
import dev.beacon.it.support.TextClient;
import dev.beacon.it.support.TopicRecords;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Geofences end to end on a real broker and real SQLite: a fence made on the gateway's admin API
 * reaches the ingestor, a device crossing it yields exactly one enter and one exit in {@code
 * beacon.geofence-events}, in the ingestor's API and at a live {@code events:} subscriber, and
 * neither an ingestor restart nor a {@code --rebuild} adds an event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeofenceIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ADMIN_TOKEN = "geofence-admin-token-0123456789abcdef";
  private static final String READ_TOKEN = "geofence-read-token-0123456789";
  private static final long BASE_TS = 1_681_593_747L;
  private static final double LAT = 44.8159745;
  private static final double LON = 20.4601243;
  private static final double OUTSIDE = LAT + 0.05;

  @TempDir static Path dir;
  private EmbeddedKafka kafka;
  private KafkaSettings settings;
  private Vertx vertx;
  private Ingestor ingestor;
  private BroadcasterService broadcaster;
  private Gateway gateway;
  private AdminHttp admin;
  private AdminHttp reads;

  @BeforeAll
  void start() {
    kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")));
    settings = KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build();
    vertx = Vertx.vertx();
    ingestor = Blocking.await(Ingestor.start(vertx, ingestorConfig(false), settings), "ingestor");
    broadcaster =
        Blocking.await(
            BroadcasterService.start(vertx, BroadcasterConfig.defaults(), settings), "broadcaster");
    gateway =
        Blocking.await(
            Gateway.deploy(
                vertx,
                GatewayConfig.builder()
                    .port(0)
                    .instances(1)
                    .deviceAuth(DeviceAuthMode.OPEN)
                    .serverApi(ServerApiConfig.builder().adminToken(ADMIN_TOKEN).build())
                    .build(),
                KafkaBackend.of(settings),
                ConnectionListener.NONE),
            "gateway");
    admin = new AdminHttp(gateway.port(), ADMIN_TOKEN);
    reads = new AdminHttp(ingestor.apiPort(), READ_TOKEN);
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      Blocking.awaitQuietly(gateway.close(), "stop gateway");
    }
    if (broadcaster != null) {
      Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
    }
    if (ingestor != null) {
      Blocking.awaitQuietly(ingestor.close(), "stop ingestor");
    }
    if (vertx != null) {
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @DisplayName(
      "the admin API makes, shows, changes and deletes fences, refusing bad ones with a reason")
  void adminApi() {
    AdminHttp.Response bad =
        admin.post(
            "/geofences",
            new JsonObject()
                .put("name", "x")
                .put("type", "circle")
                .put("lat", 1)
                .put("lon", 1)
                .put("radius_m", 0));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getString("message")).contains("'radius_m'");
    AdminHttp.Response made =
        admin.post(
            "/geofences",
            new JsonObject()
                .put("name", "Yard")
                .put("type", "polygon")
                .put(
                    "points",
                    new JsonArray()
                        .add(point(1, 1))
                        .add(point(1, 2))
                        .add(point(2, 2))
                        .add(point(1, 1))));
    assertThat(made.status()).isEqualTo(201);
    String id = made.json().getString("id");
    assertThat(made.json().getJsonArray("points")).hasSize(3);
    assertThat(admin.post("/geofences", made.json().copy().put("id", id)).status()).isEqualTo(409);
    AdminHttp.Response renamed =
        admin.put("/geofences/" + id, made.json().copy().put("name", "Big yard"));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(admin.get("/geofences/" + id).json().getString("name")).isEqualTo("Big yard");
    assertThat(admin.get("/geofences").json().getJsonArray("geofences").size()).isPositive();
    assertThat(admin.delete("/geofences/" + id).status()).isEqualTo(200);
    assertThat(admin.get("/geofences/" + id).status()).isEqualTo(404);
    assertThat(new AdminHttp(gateway.port(), null).get("/geofences").status()).isEqualTo(401);
  }

  @Test
  @DisplayName(
      "a device crossing a fence yields one enter and one exit: in the topic, the API and live;"
          + " a restart and a rebuild add none")
  void crossing() {
    AdminHttp.Response made =
        admin.post(
            "/geofences",
            new JsonObject()
                .put("id", "depot")
                .put("name", "Depot")
                .put("type", "circle")
                .put("lat", LAT)
                .put("lon", LON)
                .put("radius_m", 500));
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    Await.equal(
        "the ingestor to know the fence", WAIT, 200, () -> reads.get("/geofences/depot").status());

    TextClient one = follower("events:car-1");
    TextClient all = follower("events:*");
    Await.until(
        "the broadcaster to see both followers",
        WAIT,
        () ->
            broadcaster.presence().hasMembers("events:car-1", System.currentTimeMillis())
                && broadcaster.presence().hasMembers("events:*", System.currentTimeMillis()));

    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      double[] path = {OUTSIDE, LAT, LAT + 0.001, OUTSIDE, OUTSIDE};
      for (int i = 0; i < path.length; i++) {
        assertThat(device.request("car-1," + (BASE_TS + i) + "," + path[i] + "," + LON, WAIT))
            .isEqualTo("OK");
      }
    }
    Await.equal("events in the API", WAIT, List.of("enter", "exit"), this::apiEvents);
    Await.equal("events in the topic", WAIT, List.of("enter", "exit"), this::topicEvents);
    List<JsonObject> toOne = new ArrayList<>();
    List<JsonObject> toAll = new ArrayList<>();
    Await.until(
        "both followers to get both events",
        WAIT,
        () -> {
          drain(one, toOne, Duration.ofMillis(200));
          drain(all, toAll, Duration.ofMillis(200));
          return toOne.size() >= 2 && toAll.size() >= 2;
        });
    drain(one, toOne, Duration.ofSeconds(1));
    drain(all, toAll, Duration.ofSeconds(1));
    assertThat(toOne).extracting(m -> m.getString("event")).containsExactly("enter", "exit");
    assertThat(toOne).allSatisfy(m -> assertThat(m.getString("room")).isEqualTo("events:car-1"));
    assertThat(toOne).allSatisfy(m -> assertThat(m.getString("fence_id")).isEqualTo("depot"));
    assertThat(toAll).extracting(m -> m.getString("event")).containsExactly("enter", "exit");
    assertThat(toOne.get(0).getLong("ts")).isEqualTo((BASE_TS + 1) * 1000);
    one.close();
    all.close();

    restartIngestor(false);
    restartIngestor(true);
    // The rebuild empties the store on its consumer thread, after start returned: wait for its
    // own inserts, not for a count the old store already had.
    Await.until("the rebuild to store fixes", WAIT, () -> ingestor.stats().rowsInserted() >= 5);
    Await.equal(
        "the rebuilt store to hold car-1's fixes again",
        WAIT,
        5L,
        () -> GpsDb.queryLong(store(), "SELECT COUNT(*) FROM gps_fix WHERE device_id = 'car-1'"));
    Await.equal(
        "the outbox to be empty",
        WAIT,
        0L,
        () -> GpsDb.queryLong(store(), "SELECT COUNT(*) FROM geofence_event WHERE published = 0"));
    assertThat(apiEvents()).containsExactly("enter", "exit");
    assertThat(topicEvents()).containsExactly("enter", "exit");
    assertThat(GpsDb.queryLong(store(), "SELECT COUNT(*) FROM geofence_device")).isEqualTo(1);
  }

  private void restartIngestor(boolean rebuild) {
    Blocking.await(ingestor.close(), "stop ingestor");
    ingestor = Blocking.await(Ingestor.start(vertx, ingestorConfig(rebuild), settings), "ingestor");
    reads = new AdminHttp(ingestor.apiPort(), READ_TOKEN);
  }

  private List<String> apiEvents() {
    AdminHttp.Response listed = reads.get("/geofence-events?device=car-1");
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    List<String> kinds = new ArrayList<>();
    listed
        .json()
        .getJsonArray("events")
        .forEach(e -> kinds.add(((JsonObject) e).getString("event")));
    return kinds;
  }

  private List<String> topicEvents() {
    List<String> kinds = new ArrayList<>();
    TopicRecords.readAll(
        settings,
        settings.topics().geofenceEvents(),
        WAIT,
        (key, value) -> {
          if ("car-1".equals(key)) {
            kinds.add(new JsonObject(value).getString("event"));
          }
        });
    return kinds;
  }

  private Path store() {
    return dir.resolve("store").resolve("gps.db");
  }

  private IngestorConfig ingestorConfig(boolean rebuild) {
    return IngestorConfig.builder()
        .dataDir(dir.resolve("store"))
        .apiPort(0)
        .batchMaxDelay(Duration.ofMillis(50))
        .rebuild(rebuild)
        .access(ReadAccessConfig.builder().readToken(READ_TOKEN).build())
        .build();
  }

  private TextClient follower(String room) {
    TextClient client = TextClient.connect(vertx, gateway.port(), "/chat");
    nextOfType(client, "welcome");
    client.send("{\"type\":\"subscribe\",\"room\":\"" + room + "\"}");
    assertThat(nextOfType(client, "subscribed").getString("room")).isEqualTo(room);
    return client;
  }

  private static JsonObject point(double lat, double lon) {
    return new JsonObject().put("lat", lat).put("lon", lon);
  }

  /**
   * Collects the {@code geofence} messages the client has, until none comes within {@code quiet}.
   */
  private static void drain(TextClient client, List<JsonObject> into, Duration quiet) {
    String frame;
    while ((frame = client.pollReply(quiet)) != null) {
      JsonObject m = new JsonObject(frame);
      if ("geofence".equals(m.getString("type"))) {
        into.add(m);
      }
    }
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

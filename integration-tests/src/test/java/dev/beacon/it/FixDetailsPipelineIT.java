package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.ingestor.Ingestor;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.ingestor.ReadAccessConfig;
import dev.beacon.ingestor.RetentionConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.GpsDb;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixes with details end to end on a real broker and real SQLite: gateway (extended CSV, JSON gps
 * with attributes) -> beacon.gps v2 -> ingestor -> SQLite -> API and exports, and -> GPS relay -> a
 * live follower; and retention pruning a store while fixes keep arriving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FixDetailsPipelineIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long BASE_TS = 1_681_593_747_000L;
  private static final String READ_TOKEN = "details-read-token-0123456789";

  @TempDir static Path dir;
  private EmbeddedKafka kafka;
  private KafkaSettings settings;
  private Vertx vertx;
  private Gateway gateway;
  private BroadcasterService broadcaster;
  private Ingestor ingestor;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() {
    kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")));
    settings = new KafkaSettings(kafka.bootstrap(), 3, (short) 1, Duration.ofSeconds(5), 2);
    vertx = Vertx.vertx();
    ingestor =
        Blocking.await(
            Ingestor.start(
                vertx,
                ingestorConfig(dir.resolve("store"), "details-ingestor", RetentionConfig.off()),
                settings),
            "start ingestor");
    broadcaster =
        Blocking.await(
            BroadcasterService.start(vertx, BroadcasterConfig.defaults(), settings), "broadcaster");
    gateway =
        Blocking.await(
            Gateway.deploy(
                vertx,
                GatewayConfig.builder()
                    .port(0)
                    .deviceAuth(DeviceAuthMode.OPEN)
                    .gatewayId("gw-details")
                    .instances(1)
                    .build(),
                KafkaBackend.of(settings),
                ConnectionListener.NONE),
            "start gateway");
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
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
    kafka.close();
  }

  @Test
  @DisplayName(
      "details sent as extended CSV and JSON reach a live follower, SQLite, the API and every export")
  void detailsEndToEnd() throws Exception {
    TextClient follower = TextClient.connect(vertx, gateway.port(), "/chat");
    nextOfType(follower, "welcome");
    follower.send("{\"type\":\"subscribe\",\"room\":\"gps:trk-1\"}");
    nextOfType(follower, "subscribed");
    List<JsonObject> live = new ArrayList<>();
    long ts = BASE_TS;
    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      assertThat(device.request("trk-1,1681593747,44.81,20.46,,,,,101", WAIT))
          .startsWith("ERR battery_out_of_range:");
      assertThat(
              device.request(
                  "{\"type\":\"gps\",\"id\":1,\"device_id\":\"trk-1\",\"ts\":1681593747,\"lat\":1,"
                      + "\"lon\":2,\"attributes\":{\"bad name\":1}}",
                  WAIT))
          .contains("\"code\":\"bad_attribute\"");
      // Fixes sent before the follower's presence reaches the relay are not relayed: resend.
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (live.isEmpty() && System.nanoTime() < deadline) {
        ts += 1_000;
        assertThat(device.request("trk-1," + ts + ",44.81,20.46,12.5,270,118.2,4.5,87", WAIT))
            .isEqualTo("OK");
        drain(follower, live, Duration.ofMillis(300));
      }
      ts += 1_000;
      assertThat(
              device.request(
                  "{\"type\":\"gps\",\"id\":2,\"device_id\":\"trk-1\",\"ts\":"
                      + ts
                      + ",\"lat\":44.82,\"lon\":20.47,\"speed\":3.5,\"battery\":64,"
                      + "\"attributes\":{\"motion\":true,\"odometer\":12345,\"event\":\"stop\"}}",
                  WAIT))
          .contains("\"type\":\"ack\"");
      drain(follower, live, Duration.ofSeconds(2));
    }
    follower.close();
    final long lastTs = ts;

    assertThat(live).isNotEmpty();
    assertThat(live.get(0).getDouble("speed")).isEqualTo(12.5);
    assertThat(live.get(0).getDouble("battery")).isEqualTo(87.0);
    JsonObject withAttributes =
        live.stream().filter(m -> m.getLong("ts") == lastTs).findFirst().orElseThrow();
    assertThat(withAttributes.getJsonObject("attributes"))
        .isEqualTo(
            new JsonObject().put("motion", true).put("odometer", 12345).put("event", "stop"));

    Path db = dir.resolve("store/gps.db");
    Await.equal(
        "the JSON fix with attributes in gps.db",
        WAIT,
        1L,
        () ->
            GpsDb.queryLong(
                db,
                "SELECT COUNT(*) FROM gps_fix WHERE device_id = 'trk-1' AND device_ts = "
                    + lastTs
                    + " AND speed = 3.5 AND battery = 64 AND course IS NULL"
                    + " AND json_extract(attributes, '$.odometer') = 12345"));
    assertThat(GpsDb.queryLong(db, "SELECT COUNT(*) FROM gps_fix WHERE battery > 100")).isZero();

    JsonObject device =
        new JsonArray(get("/api/devices").body())
            .stream()
                .map(JsonObject.class::cast)
                .filter(d -> d.getString("device_id").equals("trk-1"))
                .findFirst()
                .orElseThrow();
    assertThat(device.getJsonObject("latest").getDouble("battery")).isEqualTo(64.0);
    assertThat(device.getJsonObject("latest").getJsonObject("attributes").getString("event"))
        .isEqualTo("stop");
    JsonArray positions =
        new JsonObject(get("/api/devices/trk-1/positions").body()).getJsonArray("positions");
    assertThat(positions.getJsonObject(0).getDouble("altitude")).isEqualTo(118.2);

    HttpResponse<String> gpx = get("/api/devices/trk-1/track.gpx");
    assertThat(gpx.statusCode()).isEqualTo(200);
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(Path.of("../ingestor/src/test/resources/gpx-1.1-subset.xsd").toFile())
        .newValidator()
        .validate(new StreamSource(new StringReader(gpx.body())));
    assertThat(gpx.body())
        .contains("<ele>118.2</ele>")
        .contains("<beacon:battery>64</beacon:battery>");
    String csv = get("/api/devices/trk-1/track.csv").body();
    assertThat(csv.lines().skip(1))
        .hasSize(positions.size())
        .last()
        .asString()
        .contains("odometer");
    JsonObject geo = new JsonObject(get("/api/devices/trk-1/track.geojson").body());
    assertThat(geo.getJsonArray("features"))
        .hasSize(positions.size() + (positions.size() > 1 ? 1 : 0));
    JsonObject summary = new JsonObject(get("/api/devices/trk-1/summary").body());
    assertThat(summary.getLong("fixes")).isEqualTo(positions.size());
    assertThat(summary.getLong("last_seen")).isEqualTo(lastTs);
  }

  @Test
  @DisplayName("a store with retention prunes old fixes in batches while new fixes keep landing")
  void retentionWhileIngesting() {
    Path store = dir.resolve("pruned");
    long now = System.currentTimeMillis();
    long oldTs = now - Duration.ofDays(10).toMillis();
    int oldFixes = 1_000;
    List<String> old = new ArrayList<>();
    for (int i = 0; i < oldFixes; i++) {
      old.add("old-" + (i % 30) + "," + (oldTs + i) + ",10.5,20.5,1,,,,50");
    }
    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      assertThat(device.pipeline(old, WAIT)).containsOnly("OK");
    }
    Ingestor pruning =
        Blocking.await(
            Ingestor.start(
                vertx,
                ingestorConfig(
                    store,
                    "details-pruning",
                    new RetentionConfig(Duration.ofDays(1), 250, Duration.ofSeconds(1))),
                settings),
            "start the pruning ingestor");
    try {
      int rounds = 0;
      int fresh = 0;
      try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((pruning.stats().fixesPruned() < oldFixes || rounds < 5)
            && System.nanoTime() < deadline) {
          List<String> batch = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            batch.add("new-" + (i % 10) + "," + (now + fresh + i) + ",10.5,20.5");
          }
          assertThat(device.pipeline(batch, WAIT)).containsOnly("OK");
          fresh += batch.size();
          rounds++;
        }
      }
      final long sent = fresh;
      Path db = store.resolve("gps.db");
      Await.equal(
          "every new fix in the pruned store",
          WAIT,
          sent,
          () -> GpsDb.queryLong(db, "SELECT COUNT(*) FROM gps_fix WHERE device_id LIKE 'new-%'"));
      Await.equal(
          "no fix older than the retention",
          WAIT,
          0L,
          () ->
              GpsDb.queryLong(
                  db,
                  "SELECT COUNT(*) FROM gps_fix WHERE device_ts < "
                      + (now - Duration.ofDays(1).toMillis())));
      assertThat(pruning.stats().fixesPruned()).isGreaterThanOrEqualTo(oldFixes);
      assertThat(
              GpsDb.queryLong(
                  db, "SELECT COUNT(*) FROM device_latest WHERE device_id LIKE 'old-%'"))
          .as("devices with every fix pruned leave the list")
          .isZero();
      assertThat(GpsDb.queryLong(db, "SELECT sum(fix_count) FROM device_latest"))
          .isEqualTo(GpsDb.queryLong(db, "SELECT COUNT(*) FROM gps_fix"));
      assertThat(pruning.stats().writeFailures()).isZero();
    } finally {
      Blocking.awaitQuietly(pruning.close(), "stop the pruning ingestor");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestor.apiPort() + path))
            .header("Authorization", "Bearer " + READ_TOKEN)
            .timeout(WAIT)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static IngestorConfig ingestorConfig(Path dataDir, String group, RetentionConfig keep) {
    return IngestorConfig.builder()
        .dataDir(dataDir)
        .apiPort(0)
        .batchMaxDelay(Duration.ofMillis(50))
        .groupId(group)
        .retention(keep)
        .access(ReadAccessConfig.builder().readToken(READ_TOKEN).build())
        .build();
  }

  private static void drain(TextClient client, List<JsonObject> into, Duration quiet) {
    String frame;
    while ((frame = client.pollReply(quiet)) != null) {
      JsonObject m = new JsonObject(frame);
      if ("gps".equals(m.getString("type"))) {
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

package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.ingestor.Ingestor;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.ingestor.ReadAccessConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.GpsDb;
import dev.beacon.it.support.SpecDocument;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway -> real Kafka broker -> ingestor -> SQLite, all in this JVM. The tests share the
 * pipeline, not data: each sends the fixes it checks (its own device ids) and counts only those, so
 * they pass in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GpsPipelineIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long BASE_TS = 1_681_593_747_000L;
  private static final String READ_TOKEN = "pipeline-read-token-0123456789";

  @TempDir static Path dir;
  private KafkaBrokerConfig brokerConfig;
  private EmbeddedKafka kafka;
  private KafkaSettings settings;
  private Vertx vertx;
  private Gateway gateway;
  private Ingestor ingestor;

  @BeforeAll
  void startPipeline() {
    brokerConfig = KafkaBrokerConfig.onFreePorts(dir.resolve("broker"));
    kafka = EmbeddedKafka.start(brokerConfig);
    settings =
        KafkaSettings.builder()
            .bootstrap(kafka.bootstrap())
            .partitions(3)
            .ackTimeout(Duration.ofSeconds(3))
            .build();
    vertx = Vertx.vertx();
    ingestor =
        Blocking.await(
            Ingestor.start(
                vertx, ingestorConfig(dir.resolve("store"), "beacon-ingestor", false), settings),
            "start ingestor");
    gateway =
        Blocking.await(
            Gateway.deploy(
                vertx,
                GatewayConfig.builder().port(0).deviceAuth(DeviceAuthMode.OPEN).build(),
                KafkaBackend.of(settings),
                ConnectionListener.NONE),
            "start gateway");
  }

  @AfterAll
  void stopPipeline() {
    if (gateway != null) {
      Blocking.awaitQuietly(gateway.close(), "stop gateway");
    }
    if (ingestor != null) {
      Blocking.awaitQuietly(ingestor.close(), "stop ingestor");
    }
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
    kafka.close();
  }

  @Test
  @DisplayName("every acknowledged fix lands in SQLite exactly once, device resends included")
  void fixesInRowsOut() {
    List<String> frames = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      frames.add(csv("dev-" + (i % 25), BASE_TS + i, -33.8688 + i * 1e-4, 151.2093 - i * 1e-4));
    }
    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      assertThat(device.pipeline(frames, WAIT)).containsOnly("OK");
      assertThat(device.pipeline(frames.subList(0, 100), WAIT))
          .as("resent fixes")
          .containsOnly("OK");
      assertThat(device.request("32,1681593747,44.8159745,20.4601243", WAIT)).isEqualTo("OK");
    }
    Await.equal(
        "rows of this test's devices in gps.db",
        WAIT,
        500L,
        () ->
            GpsDb.queryLong(
                storeFile(), "SELECT COUNT(*) FROM gps_fix WHERE device_id LIKE 'dev-%'"));
    Await.equal(
        "the fix of device 32 in gps.db",
        WAIT,
        1L,
        () -> GpsDb.queryLong(storeFile(), "SELECT COUNT(*) FROM gps_fix WHERE device_id = '32'"));
    assertThat(GpsDb.duplicateKeys(storeFile())).isZero();
    assertThat(
            GpsDb.queryLong(
                storeFile(),
                "SELECT COUNT(*) FROM gps_fix WHERE device_id = '32' AND device_ts = 1681593747000 "
                    + "AND lat = 44.8159745 AND lon = 20.4601243"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "rejected frames get ERR with a reason, write nothing, and leave the connection open")
  void rejectedFramesWriteNothing() {
    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/")) {
      assertThat(device.request("32,1681593747,95.0,20.46", WAIT))
          .startsWith("ERR lat_out_of_range:");
      assertThat(device.request("32,1681593747,NaN,20.46", WAIT)).startsWith("ERR bad_number:");
      assertThat(device.request("32,1681593747,44.8", WAIT)).startsWith("ERR bad_format:");
      assertThat(
              device.request(
                  "{\"type\":\"gps\",\"id\":7,\"device_id\":\"j1\",\"ts\":1681593748,"
                      + "\"lat\":-12.5,\"lon\":-170.25}",
                  WAIT))
          .contains("\"type\":\"ack\"")
          .contains("\"id\":7");
    }
    Await.equal(
        "the valid JSON fix in gps.db",
        WAIT,
        1L,
        () -> GpsDb.queryLong(storeFile(), "SELECT COUNT(*) FROM gps_fix WHERE device_id = 'j1'"));
    assertThat(GpsDb.queryLong(storeFile(), "SELECT COUNT(*) FROM gps_fix WHERE lat = 95.0"))
        .as("rows of the rejected frames")
        .isZero();
  }

  @Test
  @DisplayName("rebuilding a store from the topic gives the same rows")
  void replayGivesSameRows() {
    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      for (int i = 0; i < 20; i++) {
        assertThat(
                device.request(csv("replay-" + (i % 4), BASE_TS + i, 12.5 + i * 1e-3, 40.25), WAIT))
            .isEqualTo("OK");
      }
    }
    Await.equal(
        "this test's fixes in gps.db",
        WAIT,
        20L,
        () ->
            GpsDb.queryLong(
                storeFile(), "SELECT COUNT(*) FROM gps_fix WHERE device_id LIKE 'replay-%'"));
    Path rebuilt = dir.resolve("rebuilt");
    Ingestor replay =
        Blocking.await(
            Ingestor.start(vertx, ingestorConfig(rebuilt, "replay-check", true), settings),
            "start replay ingestor");
    try {
      // Polled: another test's fix may still be on its way into the live store.
      Await.until(
          "the rebuilt store to hold the same rows as the live one",
          WAIT,
          () ->
              GpsDb.rows(rebuilt.resolve("gps.db")) == GpsDb.rows(storeFile())
                  && GpsDb.fingerprint(rebuilt.resolve("gps.db"))
                      == GpsDb.fingerprint(storeFile()));
    } finally {
      Blocking.await(replay.close(), "stop replay ingestor");
    }
  }

  @Test
  @DisplayName(
      "while the broker is down a device gets an error, never OK, and gets OK again once it is back")
  void brokerOutage() {
    String readyUrl = "http://127.0.0.1:" + gateway.port() + "/ready";
    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      assertThat(device.request(csv("outage", BASE_TS, 1, 1), WAIT)).isEqualTo("OK");
      kafka.close();
      String reply = device.request(csv("outage", BASE_TS + 1, 1, 1), Duration.ofSeconds(15));
      assertThat(reply).startsWith("ERR kafka_unavailable:");
      Await.equal("/ready while Kafka is down", WAIT, 503, () -> BeaconProcess.status(readyUrl));

      kafka = EmbeddedKafka.start(brokerConfig);
      long ts = BASE_TS + 2;
      List<Long> acked = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (acked.isEmpty() && System.nanoTime() < deadline) {
        String answer = device.request(csv("outage", ts, 1, 1), Duration.ofSeconds(15));
        assertThat(answer).matches("OK|ERR kafka_unavailable:.*");
        if (answer.equals("OK")) {
          acked.add(ts);
        }
        ts++;
      }
      assertThat(acked).as("an OK after the broker came back").isNotEmpty();
      Await.equal("/ready after Kafka is back", WAIT, 200, () -> BeaconProcess.status(readyUrl));
      long okTs = acked.get(0);
      Await.equal(
          "the fix acknowledged after recovery in gps.db",
          WAIT,
          1L,
          () ->
              GpsDb.queryLong(
                  storeFile(),
                  "SELECT COUNT(*) FROM gps_fix WHERE device_id = 'outage' AND device_ts = "
                      + okTs));
    }
  }

  @Test
  @DisplayName("beacon.gps is readable by a plain Kafka consumer (kcat) as documented JSON")
  void topicReadableWithKcat() throws Exception {
    Assumptions.assumeTrue(
        onPath("kcat"), "kcat is not installed (apt-get install kcat; .ci/run installs it)");
    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      assertThat(device.request("32,1681593747,44.8159745,20.4601243", WAIT)).isEqualTo("OK");
    }
    Process kcat =
        new ProcessBuilder(
                "kcat",
                "-b",
                kafka.bootstrap(),
                "-t",
                "beacon.gps",
                "-C",
                "-o",
                "beginning",
                "-e",
                "-q",
                "-f",
                "%k\t%s\n")
            .redirectErrorStream(true)
            .start();
    String out =
        new String(kcat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(kcat.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String line =
        out.lines()
            .filter(l -> l.startsWith("32\t"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no record keyed 32 in kcat output:\n" + out));
    JsonObject value = new JsonObject(line.substring(3));
    assertThat(value.getInteger("v")).isEqualTo(1);
    assertThat(value.getString("device_id")).isEqualTo("32");
    assertThat(value.getLong("ts")).isEqualTo(1_681_593_747_000L);
    assertThat(value.getDouble("lat")).isEqualTo(44.8159745);
    assertThat(value.getDouble("lon")).isEqualTo(20.4601243);
    assertThat(value.getString("gateway")).isEqualTo(gateway.gatewayId());
    assertThat(value.getLong("received_at")).isPositive();
  }

  @Test
  @DisplayName(
      "a fix colliding with a stored one is listed by GET /api/conflicts and counted; its exact resend is not")
  void collidingFixIsAConflict() {
    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      assertThat(device.request("77,1681600000,10.5,20.5", WAIT)).isEqualTo("OK");
      Await.equal(
          "the first fix of 77 stored",
          WAIT,
          1L,
          () ->
              GpsDb.queryLong(storeFile(), "SELECT COUNT(*) FROM gps_fix WHERE device_id = '77'"));
      assertThat(device.request("77,1681600000,11.5,21.5", WAIT)).isEqualTo("OK");
      assertThat(device.request("77,1681600000,10.5,20.5", WAIT)).isEqualTo("OK");
      assertThat(device.request("77,1681600001,10.6,20.6", WAIT)).isEqualTo("OK");
    }
    Await.equal(
        "the fix after the conflict stored",
        WAIT,
        2L,
        () -> GpsDb.queryLong(storeFile(), "SELECT COUNT(*) FROM gps_fix WHERE device_id = '77'"));
    String conflicts = "http://127.0.0.1:" + ingestor.apiPort() + "/api/conflicts?device=77";
    assertThat(BeaconProcess.status(conflicts)).as("anonymous").isEqualTo(401);
    JsonObject page =
        new JsonObject(
            SpecDocument.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(conflicts))
                        .header("Authorization", "Bearer " + READ_TOKEN)
                        .GET())
                .body());
    assertThat(page.getJsonArray("conflicts")).hasSize(1);
    JsonObject conflict = page.getJsonArray("conflicts").getJsonObject(0);
    assertThat(conflict.getLong("ts")).isEqualTo(1_681_600_000_000L);
    assertThat(conflict.getJsonObject("stored").getDouble("lat")).isEqualTo(10.5);
    assertThat(conflict.getJsonObject("refused").getDouble("lat")).isEqualTo(11.5);
    assertThat(conflict.getJsonObject("refused").getString("topic")).isEqualTo("beacon.gps");
    assertThat(conflict.getJsonObject("refused").getString("gateway"))
        .isEqualTo(gateway.gatewayId());
    assertThat(ingestor.stats().conflicts()).isEqualTo(1);
    assertThat(
            GpsDb.queryLong(
                storeFile(),
                "SELECT COUNT(*) FROM gps_fix WHERE device_id = '77' AND device_ts = "
                    + 1_681_600_000_000L
                    + " AND lat = 10.5"))
        .as("the stored fix is kept")
        .isEqualTo(1);
  }

  private static boolean onPath(String command) {
    return java.util.Arrays.stream(
            System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, command)));
  }

  private Path storeFile() {
    return dir.resolve("store").resolve("gps.db");
  }

  private static IngestorConfig ingestorConfig(Path dataDir, String group, boolean rebuild) {
    return IngestorConfig.builder()
        .dataDir(dataDir)
        .apiPort(0)
        .batchMaxDelay(Duration.ofMillis(50))
        .groupId(group)
        .rebuild(rebuild)
        .access(ReadAccessConfig.builder().readToken(READ_TOKEN).build())
        .build();
  }

  static String csv(String device, long ts, double lat, double lon) {
    return device + "," + ts + "," + lat + "," + lon;
  }
}

package dev.beacon.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.GpsDb;
import dev.beacon.it.support.Scrape;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingestor's disk fills up while devices keep sending: it must stop committing offsets, say why
 * in its log, its metrics and {@code /ready}, and store everything (once) within seconds of the
 * space coming back. The disk is a small tmpfs only the ingestor process sees ({@link SmallDisk}).
 */
class IngestorDiskFullIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration FULL_FOR = Duration.ofSeconds(6);

  /** Kept when the test fails: every process's log is in it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  @DisplayName(
      "a full disk stops the ingestor's commits, shows in /ready, metrics and log; it resumes when freed")
  void diskFillsUpAndFreesAgain() throws Exception {
    Assumptions.assumeTrue(
        SmallDisk.available(dir.resolve("probe")),
        "this machine does not allow unprivileged user and mount namespaces (unshare -rm)");
    Vertx vertx = Vertx.vertx();
    try (TwoListenerBroker broker = TwoListenerBroker.start(dir.resolve("broker"))) {
      Map<String, String> kafka =
          Map.of("BEACON_KAFKA_BOOTSTRAP", broker.bootstrap(), "BEACON_KAFKA_PARTITIONS", "3");
      int gatewayPort = FreePorts.next();
      Map<String, String> gatewayEnv = new HashMap<>(kafka);
      gatewayEnv.putAll(
          Map.of(
              "BEACON_GATEWAY_PORT",
              String.valueOf(gatewayPort),
              "BEACON_GATEWAY_INSTANCES",
              "1",
              "BEACON_GATEWAY_HOST",
              "127.0.0.1"));
      SmallDisk disk = new SmallDisk(dir.resolve("ingestor"), 24);
      int apiPort = FreePorts.next();
      Map<String, String> ingestorEnv = new HashMap<>(kafka);
      ingestorEnv.putAll(
          Map.of(
              "BEACON_DATA_DIR",
              dir.resolve("ingestor").toString(),
              "BEACON_INGESTOR_PORT",
              String.valueOf(apiPort),
              "BEACON_INGEST_BATCH_DELAY",
              "100ms"));
      String api = "http://127.0.0.1:" + apiPort;
      try (BeaconProcess gateway =
              BeaconProcess.start(dir.resolve("gateway.log"), gatewayEnv, "gateway")
                  .awaitHttpOk("http://127.0.0.1:" + gatewayPort + "/ready", WAIT);
          BeaconProcess ingestor =
              BeaconProcess.startJava(
                      dir.resolve("ingestor.log"),
                      ingestorEnv,
                      disk.wrapper(),
                      List.of("-Xmx512m", "-jar", BeaconProcess.jar().toString(), "ingestor"))
                  .awaitHttpOk(api + "/ready", WAIT)) {
        long pid = ingestor.pid();
        Path copies = dir.resolve("copies");
        DeviceFleet devices = DeviceFleet.start(vertx, List.of(gatewayPort), 4);
        try {
          Await.until(
              "fixes stored before the disk fills",
              WAIT,
              () -> GpsDb.rows(disk.copyDatabase(pid, "gps.db", copies)) > 200);

          disk.fill(ingestor.pid());
          Await.equal(
              "/ready while the disk is full",
              WAIT,
              503,
              () -> BeaconProcess.status(api + "/ready"));
          assertThat(body(api + "/ready")).contains("SQLite refuses writes").contains("full");
          assertThat(Scrape.of(api + "/metrics").text())
              .contains("beacon_ingestor_store_failing 1.0");
          assertThat(BeaconProcess.status(api + "/health"))
              .as("/health: restarting would not help")
              .isEqualTo(200);
          long committedWhenFull = committed(broker.bootstrap());
          Thread.sleep(FULL_FOR.toMillis());
          assertThat(committed(broker.bootstrap()))
              .as("offsets committed while the disk is full")
              .isEqualTo(committedWhenFull);
          assertThat(ingestor.output())
              .contains("could not store")
              .contains("offsets not committed");

          disk.free(ingestor.pid());
          long freed = System.currentTimeMillis();
          Await.until(
              "a fix sent after the space came back to be stored",
              Duration.ofSeconds(10),
              () -> StoredFixes.anySince(disk.copyDatabase(pid, "gps.db", copies), freed));
          Await.equal(
              "/ready once writes succeed", WAIT, 200, () -> BeaconProcess.status(api + "/ready"));
          assertThat(Scrape.of(api + "/metrics").text())
              .contains("beacon_ingestor_store_failing 0.0");
        } finally {
          devices.close();
        }
        Set<String> acked = devices.acked();
        Await.until(
            "every acknowledged fix stored",
            WAIT,
            () -> StoredFixes.keys(disk.copyDatabase(pid, "gps.db", copies)).containsAll(acked));
        assertThat(GpsDb.duplicateKeys(disk.copyDatabase(pid, "gps.db", copies))).isZero();
        assertThat(devices.closeCodes()).isEmpty();
      }
    } finally {
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
  }

  private static String body(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The ingestor group's committed offsets, summed over beacon.gps's partitions. */
  private static long committed(String bootstrap) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<?, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets("beacon-ingestor")
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }
  }
}

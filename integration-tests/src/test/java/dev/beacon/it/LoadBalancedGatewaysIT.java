package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.ingestor.Ingestor;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.GpsDb;
import dev.beacon.it.support.Haproxy;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real gateway processes behind a real HAProxy (the Debian package, with {@code
 * distribution/haproxy/haproxy.cfg}), one of them killed with SIGKILL while devices are connected.
 */
class LoadBalancedGatewaysIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int DEVICES = 60;

  @TempDir Path dir;

  @Test
  @DisplayName(
      "devices spread over three gateways behind HAProxy, and carry on through it when one is killed")
  void spreadAndSurviveAGatewayKill() throws Exception {
    Assumptions.assumeTrue(
        Haproxy.installed(), "haproxy is not installed (apt-get install haproxy; .ci/run does)");
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")))) {
      Vertx vertx = Vertx.vertx();
      KafkaSettings settings =
          KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build();
      Ingestor ingestor =
          Blocking.await(
              Ingestor.start(
                  vertx,
                  IngestorConfig.builder()
                      .dataDir(dir.resolve("store"))
                      .apiPort(0)
                      .batchMaxRows(1000)
                      .batchMaxDelay(Duration.ofMillis(50))
                      .build(),
                  settings),
              "start ingestor");
      List<BeaconProcess> gateways = new ArrayList<>();
      Haproxy haproxy = null;
      try {
        int[] ports = {FreePorts.next(), FreePorts.next(), FreePorts.next()};
        // One after the other: JVMs starting at once on a busy 2-core machine can miss Kafka's
        // start-up timeouts.
        for (int i = 0; i < ports.length; i++) {
          gateways.add(
              BeaconProcess.start(
                      dir.resolve("gw" + (i + 1) + ".log"),
                      Map.of(
                          "BEACON_KAFKA_BOOTSTRAP",
                          kafka.bootstrap(),
                          "BEACON_GATEWAY_PORT",
                          String.valueOf(ports[i]),
                          "BEACON_GATEWAY_ID",
                          "gw" + (i + 1),
                          "BEACON_GATEWAY_INSTANCES",
                          "1"),
                      "gateway")
                  .awaitHttpOk("http://127.0.0.1:" + ports[i] + "/ready", WAIT));
        }
        int lbPort = FreePorts.next();
        haproxy = Haproxy.start(dir, lbPort, ports);
        Await.equal(
            "/ready through HAProxy",
            WAIT,
            200,
            () -> BeaconProcess.status("http://127.0.0.1:" + lbPort + "/ready"));

        List<TextClient> devices = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
          devices.add(TextClient.connect(vertx, lbPort, "/ws"));
        }
        long ts = 1_700_000_000_000L;
        sendOneFixEach(devices, ts);
        Path db = dir.resolve("store").resolve("gps.db");
        Await.equal("rows from the first round", WAIT, (long) DEVICES, () -> GpsDb.rows(db));
        assertThat(GpsDb.queryLong(db, "SELECT COUNT(DISTINCT gateway) FROM gps_fix"))
            .as("gateways that accepted fixes")
            .isEqualTo(3);

        java.util.Set<Integer> onKilled = devicesOn(db, "gw1");
        assertThat(onKilled).as("devices connected through gw1").isNotEmpty();
        gateways.get(0).kill();
        List<TextClient> reconnected = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
          if (onKilled.contains(d)) {
            assertThat(devices.get(d).awaitClosed(Duration.ofSeconds(15)))
                .as("device %d closed", d)
                .isTrue();
            reconnected.add(TextClient.connect(vertx, lbPort, "/ws"));
          } else {
            reconnected.add(devices.get(d));
          }
        }
        sendOneFixEach(reconnected, ts + 1);
        Await.equal("rows after the kill", WAIT, 2L * DEVICES, () -> GpsDb.rows(db));
        assertThat(
                GpsDb.queryLong(
                    db,
                    "SELECT COUNT(*) FROM gps_fix WHERE device_ts = "
                        + (ts + 1)
                        + " AND gateway = 'gw1'"))
            .as("second-round fixes through the killed gateway")
            .isZero();
        reconnected.forEach(TextClient::close);
      } finally {
        if (haproxy != null) {
          haproxy.close();
        }
        gateways.forEach(BeaconProcess::close);
        Blocking.awaitQuietly(ingestor.close(), "stop ingestor");
        Blocking.awaitQuietly(vertx.close(), "stop vertx");
      }
    }
  }

  private static java.util.Set<Integer> devicesOn(Path db, String gateway) {
    java.util.Set<Integer> devices = new java.util.HashSet<>();
    for (int d = 0; d < DEVICES; d++) {
      if (GpsDb.queryLong(
              db,
              "SELECT COUNT(*) FROM gps_fix WHERE device_id = 'lb-"
                  + d
                  + "' AND gateway = '"
                  + gateway
                  + "'")
          > 0) {
        devices.add(d);
      }
    }
    return devices;
  }

  private static void sendOneFixEach(List<TextClient> devices, long ts) {
    for (int d = 0; d < devices.size(); d++) {
      devices.get(d).send("lb-" + d + "," + ts + "," + (d * 1.5 - 45) + "," + (d * 3.0 - 90));
    }
    for (TextClient device : devices) {
      assertThat(device.nextReply(WAIT)).isEqualTo("OK");
    }
  }
}

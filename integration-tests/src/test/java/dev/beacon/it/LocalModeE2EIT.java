package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.GpsDb;
import dev.beacon.tools.sim.DeviceSimulator;
import dev.beacon.tools.sim.SimulationResult;
import dev.beacon.tools.sim.SimulatorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar beacon.jar local} as a newcomer starts it, with the simulator run against it.
 */
class LocalModeE2EIT {

  @TempDir Path dir;

  @Test
  @DisplayName(
      "beacon local stores exactly as many fixes as the simulator got OKs, and again after a restart")
  void simulatorAgainstLocalMode() {
    int port = FreePorts.next();
    int apiPort = FreePorts.next();
    Map<String, String> env =
        Map.of(
            "BEACON_DATA_DIR", dir.resolve("data").toString(),
            "BEACON_GATEWAY_PORT", String.valueOf(port),
            "BEACON_INGESTOR_PORT", String.valueOf(apiPort),
            "BEACON_KAFKA_PORT", String.valueOf(FreePorts.next()),
            "BEACON_KAFKA_CONTROLLER_PORT", String.valueOf(FreePorts.next()));
    Path db = dir.resolve("data").resolve("gps.db");
    URI url = URI.create("ws://127.0.0.1:" + port + "/ws");

    long firstOks;
    try (BeaconProcess local = BeaconProcess.start(dir.resolve("local-1.log"), env, "local")) {
      local.awaitHttpOk("http://127.0.0.1:" + port + "/ready", Duration.ofSeconds(90));
      SimulationResult result = simulate(url, "a", 40);
      assertThat(result.errors()).as(result.summary()).isZero();
      assertThat(result.ok()).isEqualTo(result.sent()).isPositive();
      firstOks = result.ok();
      Await.equal("rows in gps.db", Duration.ofSeconds(60), firstOks, () -> GpsDb.rows(db));
      assertThat(local.terminate()).as("exit code after SIGTERM").isIn(0, 143);
      assertThat(local.output()).contains("ingestor closed").contains("stopping embedded Kafka");
      assertThat(local.output())
          .as("beacon local says anonymous devices may write any id")
          .contains("DEVICE AUTH IS OPEN")
          .contains("--device-auth authenticated");
    }

    try (BeaconProcess again = BeaconProcess.start(dir.resolve("local-2.log"), env, "local")) {
      again.awaitHttpOk("http://127.0.0.1:" + port + "/ready", Duration.ofSeconds(90));
      String devices = "http://127.0.0.1:" + apiPort + "/api/devices";
      Await.until(
          "the start-up banner",
          Duration.ofSeconds(60),
          () -> again.output().contains("Stop with Ctrl-C"));
      Matcher printed =
          Pattern.compile("read token +([0-9a-f]{48}) +\\(generated").matcher(again.output());
      assertThat(printed.find())
          .as("the generated read token printed:%n%s", again.output())
          .isTrue();
      assertThat(again.output()).contains("read_token=" + printed.group(1));
      assertThat(BeaconProcess.status(devices)).as("anonymous read").isEqualTo(401);
      assertThat(BeaconProcess.status(devices, printed.group(1)))
          .as("read with the printed token")
          .isEqualTo(200);
      SimulationResult result = simulate(url, "b", 20);
      assertThat(result.errors()).as(result.summary()).isZero();
      Await.equal(
          "rows after the restart",
          Duration.ofSeconds(60),
          firstOks + result.ok(),
          () -> GpsDb.rows(db));
      assertThat(GpsDb.duplicateKeys(db)).isZero();

      long before = GpsDb.rows(db);
      try (BeaconProcess cli =
          BeaconProcess.start(
              dir.resolve("simulate.log"),
              Map.of(),
              "simulate",
              "--url",
              url.toString(),
              "--devices",
              "5",
              "--device-prefix",
              "cli",
              "--quiet")) {
        assertThat(cli.waitForExit()).as(cli.output()).isZero();
        assertThat(cli.output()).contains("OK");
      }
      Await.until(
          "the CLI simulator's fixes stored",
          Duration.ofSeconds(60),
          () -> GpsDb.rows(db) >= before + 5);
    }
  }

  private static SimulationResult simulate(URI url, String prefix, int devices) {
    SimulatorConfig config =
        SimulatorConfig.parity(url, devices).toBuilder()
            .deviceIdPrefix(prefix)
            .minStartDelay(Duration.ofMillis(100))
            .maxStartDelay(Duration.ofMillis(800))
            .out(null)
            .seed(42)
            .build();
    return new DeviceSimulator(config).run();
  }
}

package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.ChatCluster;
import dev.beacon.it.support.Executables;
import dev.beacon.it.support.FreePorts;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * beacon.js's own tests ({@code clients/js/test}, the Node test runner) against a real {@code
 * beacon local} with an admin token: {@code npm ci} installs the Node transport ({@code ws}) from
 * the lock file, then {@code node --test} runs every {@code *.test.js}.
 */
class BeaconJsNodeIT {

  private static final String ADMIN_TOKEN = "beacon-js-test-admin-token";

  @TempDir Path dir;

  @Test
  @DisplayName(
      "beacon local prints the console's URL and serves it; beacon.js passes its Node tests against it")
  void nodeTests() throws Exception {
    Assumptions.assumeTrue(
        Executables.onPath("node") && Executables.onPath("npm"), "node and npm are not installed");
    Path js =
        Path.of(System.getProperty("beacon.js.dir", "../clients/js")).toAbsolutePath().normalize();
    int port = FreePorts.next();
    int apiPort = FreePorts.next();
    try (BeaconProcess local =
        BeaconProcess.start(
            dir.resolve("local.log"),
            Map.of(
                "BEACON_DATA_DIR",
                dir.resolve("data").toString(),
                "BEACON_GATEWAY_PORT",
                String.valueOf(port),
                "BEACON_GATEWAY_HOST",
                "127.0.0.1",
                "BEACON_INGESTOR_PORT",
                String.valueOf(apiPort),
                "BEACON_KAFKA_PORT",
                String.valueOf(FreePorts.next()),
                "BEACON_KAFKA_CONTROLLER_PORT",
                String.valueOf(FreePorts.next()),
                "BEACON_ADMIN_TOKEN",
                ADMIN_TOKEN),
            "local")) {
      local.awaitHttpOk("http://127.0.0.1:" + port + "/ready", ChatCluster.WAIT);
      String console = "/console/?api=http://localhost:" + apiPort;
      Await.until(
          "the banner with the console's URL",
          ChatCluster.WAIT,
          () -> local.output().contains("web console          http://localhost:" + port + console));
      assertThat(BeaconProcess.status("http://127.0.0.1:" + port + console)).isEqualTo(200);
      Vertx vertx = Vertx.vertx();
      try {
        ChatCluster.awaitRouting(vertx, port);
      } finally {
        Blocking.awaitQuietly(vertx.close(), "stop vertx");
      }
      assertThat(run(js, Map.of(), List.of("npm", "ci", "--no-audit", "--no-fund"))).isZero();
      List<String> nodeTest = new ArrayList<>(List.of("node", "--test"));
      try (Stream<Path> files = Files.list(js.resolve("test"))) {
        files
            .map(Path::toString)
            .filter(f -> f.endsWith(".test.js"))
            .sorted()
            .forEach(nodeTest::add);
      }
      int exit =
          run(
              js,
              Map.of("BEACON_URL", "ws://127.0.0.1:" + port, "BEACON_ADMIN_TOKEN", ADMIN_TOKEN),
              nodeTest);
      String output = Files.readString(dir.resolve("node.log"));
      assertThat(exit).as("node --test:\n%s", output).isZero();
      assertThat(output)
          .contains("# fail 0")
          .contains("# skipped 0")
          .containsPattern("# pass \\d{2}");
    }
  }

  private int run(Path workDir, Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                dir.resolve(command.get(0).equals("npm") ? "npm.log" : "node.log").toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish within 5 minutes");
    }
    return process.exitValue();
  }
}

package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.it.support.Executables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules shipped for Prometheus, checked by Prometheus' own {@code promtool} (Debian
 * {@code prometheus}).
 */
@DisplayName("distribution/prometheus/beacon-alerts.yml")
class PrometheusRulesTest {

  static Path rules() {
    return ComposeFileTest.composeFile().resolveSibling("prometheus/beacon-alerts.yml");
  }

  @Test
  @DisplayName("has every alert of docs/operations.md, and promtool check rules accepts it")
  void promtoolAccepts(@TempDir Path dir) throws Exception {
    String text = Files.readString(rules());
    assertThat(text)
        .contains(
            "beacon_gateway_ack_latency_seconds_bucket",
            "beacon_gateway_kafka_produce_errors_total",
            "beacon_ingestor_consumer_lag_records",
            "beacon_gateway_slow_consumer_disconnects_total");
    Assumptions.assumeTrue(
        Executables.onPath("promtool"),
        "promtool is not installed (apt-get install prometheus; .ci/run does)");
    Path log = dir.resolve("promtool.log");
    Process process =
        new ProcessBuilder("promtool", "check", "rules", rules().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    String output = Files.readString(log);
    assertThat(process.exitValue()).as("promtool check rules: %s", output).isZero();
    assertThat(output).contains("SUCCESS: 4 rules found");
  }
}

package dev.beacon.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.it.support.BeaconProcess;
import dev.beacon.tools.bench.connections.ConnectionsBench;
import dev.beacon.tools.bench.connections.ConnectionsConfig;
import dev.beacon.tools.bench.connections.ConnectionsStep;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beacon bench connections} for real at a tiny scale: an embedded broker, the broadcaster
 * and two gateways as child processes, 400 connections held by two client processes, two
 * broadcasts.
 */
class ConnectionsBenchIT {

  private static final int CONNECTIONS = 400;
  private static final int BROADCASTS = 2;

  /**
   * Kept when the test fails: every process's log (gateways, broadcaster, client workers) is in it.
   */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  @DisplayName(
      "two client processes connect to two gateways, every broadcast reaches every connection, memory is read")
  void tinyRun() throws Exception {
    System.setProperty("beacon.jar", BeaconProcess.jar().toAbsolutePath().toString());
    ConnectionsConfig config =
        new ConnectionsConfig(
            List.of(),
            2,
            List.of(CONNECTIONS),
            10,
            4,
            64,
            BROADCASTS,
            false,
            0,
            List.of("-Xmx256m"),
            false,
            2,
            1,
            List.of("-Xmx128m", "-XX:+UseSerialGC"),
            300);

    List<ConnectionsStep> steps = new ConnectionsBench(config, System.out, dir).run();

    assertThat(steps).hasSize(1);
    ConnectionsStep step = steps.get(0);
    assertThat(step.connections()).as("connections open").isEqualTo(CONNECTIONS);
    assertThat(step.refused()).as("connections refused").isZero();
    assertThat(step.dropped()).as("connections dropped").isZero();
    assertThat(step.connect().count()).as("connect times recorded").isEqualTo(CONNECTIONS);
    assertThat(step.connectPerSec()).as("connect rate").isPositive();
    assertThat(step.missing()).as("broadcast receipts missing").isZero();
    assertThat(step.broadcast().count())
        .as("broadcast receipts")
        .isEqualTo((long) CONNECTIONS * BROADCASTS);
    assertThat(step.gateway().heapAfterGcBytes()).as("gateway heap per connection").isPositive();
    assertThat(step.gateway().rssBytes()).as("gateway RSS per connection, read").isNotEqualTo(-1);
    assertThat(step.gateway().nativeOtherBytes())
        .as("gateway native per connection, read")
        .isNotEqualTo(-1);
    assertThat(step.broadcaster()).as("broadcaster figures").isNotNull();
  }
}

package dev.beacon.it.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.it.support.BeaconProcess;
import dev.beacon.tools.bench.soak.SoakConfig;
import dev.beacon.tools.bench.soak.SoakResult;
import dev.beacon.tools.bench.soak.SoakRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI variant of {@code beacon bench soak}: about a minute of mixed traffic (devices, chat
 * rooms, churn, slow readers) against a gateway, the broadcaster and the ingestor as child
 * processes. Nothing may grow without bound (last intervals against the first after the warm-up),
 * every acknowledged fix must be in SQLite once, and no chat message may be lost or duplicated.
 */
class SoakIT {

  /** Kept when the test fails: every process's log is in it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  @DisplayName(
      "a minute of mixed traffic: nothing grows without bound, nothing acknowledged is lost or doubled")
  void minuteOfMixedTraffic() throws Exception {
    System.setProperty("beacon.jar", BeaconProcess.jar().toAbsolutePath().toString());
    SoakConfig config =
        new SoakConfig(
            Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(20), 6, 3, 5, 5, 2);

    SoakResult result = new SoakRun(config, System.out, dir).run();

    System.out.println(result.summary());
    assertThat(result.samples()).hasSize(6);
    assertThat(result.fixesAcked()).as("fixes answered OK").isGreaterThan(500);
    assertThat(result.fixesMissing()).as("acknowledged fixes missing from SQLite").isZero();
    assertThat(result.duplicateRows()).as("duplicate rows").isZero();
    assertThat(result.chatAccepted()).as("chat messages accepted").isGreaterThan(100);
    assertThat(result.chatLost()).as("chat messages lost").isZero();
    assertThat(result.chatDuplicates()).as("chat messages duplicated").isZero();
    // 1000: churn closes; the slow readers (not always within a minute): 4010 once 1 MiB is queued
    // for them, or 4001
    // when they miss the pong of a heartbeat ping first (they read nothing, pings included)
    assertThat(result.closeCodes().keySet())
        .as("close codes the clients saw")
        .isSubsetOf("1000", "4001", "4010");
    assertThat(result.verdict().grew()).as("gauges that grew past their tolerance").isEmpty();
  }
}

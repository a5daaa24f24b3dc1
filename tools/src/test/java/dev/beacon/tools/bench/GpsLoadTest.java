package dev.beacon.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.beacon.tools.bench.FakeGateway.Replies;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GpsLoadTest {

  private static final Duration MAX = Duration.ofSeconds(20);

  @Test
  @DisplayName(
      "every fix is acked once, with distinct (device, timestamp) pairs, and the window is respected")
  void closedLoopRunAcksEveryFix() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.DELAYED, false).start()) {
      GpsLoadResult result = new GpsLoad(config(gateway.url(), 4, 8, 20_000, 100, null)).run();

      assertThat(result.completed()).isTrue();
      assertThat(result.sent()).isEqualTo(20_000);
      assertThat(result.acked()).isEqualTo(20_000);
      assertThat(result.errors()).isZero();
      assertThat(result.unanswered()).isZero();
      assertThat(gateway.distinctDeviceTimestamps()).isEqualTo(20_000);
      assertThat(gateway.repeatedPairs()).isZero();
      assertThat(gateway.maxOutstanding()).isEqualTo(8);
      assertThat(result.latency().count()).isEqualTo(20_000);
      assertThat(result.ackedPerSecond()).isPositive();
      assertThat(result.elapsed()).isLessThan(MAX);
      assertThat(result.firstSendNanos()).isPositive();
    }
  }

  @Test
  @DisplayName("a paced run sends at the fixed rate, so it takes totalFixes / rate seconds")
  void pacedRunKeepsTheRate() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.IMMEDIATE, false).start()) {
      GpsLoadResult result = new GpsLoad(config(gateway.url(), 4, 4, 1_000, 10, 2_000)).run();

      assertThat(result.acked()).isEqualTo(1_000);
      // Never faster than the rate; how close a loaded machine gets to it is measured by the
      // benchmark.
      assertThat(result.elapsed()).isGreaterThan(Duration.ofMillis(450));
      assertThat(result.ackedPerSecond()).isLessThan(2_300.0);
      assertThat(gateway.repeatedPairs()).isZero();
    }
  }

  @Test
  @DisplayName(
      "a gateway that never answers: the run stops by itself at maxDuration with the windows unanswered")
  void stopsAtMaxDuration() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.NEVER, false).start()) {
      GpsLoadConfig config =
          new GpsLoadConfig(
              gateway.url(), 3, 5, 1_000, Duration.ofMillis(500), 10, null, Duration.ZERO);
      long start = System.nanoTime();
      GpsLoadResult result = new GpsLoad(config).run();

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(result.completed()).isFalse();
      assertThat(result.acked()).isZero();
      assertThat(result.sent()).isEqualTo(15);
      assertThat(result.unanswered()).isEqualTo(15);
      assertThat(gateway.maxOutstanding()).isEqualTo(5);
    }
  }

  @Test
  @DisplayName("ERR replies are counted by their code and still free the window")
  void countsErrorsByCode() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.IMMEDIATE, false).start()) {
      GpsLoadConfig config =
          new GpsLoadConfig(gateway.url(), 2, 4, 500, MAX, 10, null, Duration.ZERO, "bad-");
      GpsLoadResult result = new GpsLoad(config).run();

      assertThat(result.acked()).isZero();
      assertThat(result.errorsByCode()).containsEntry("bad_format", 500L);
      assertThat(result.completed()).isTrue();
      assertThat(result.summary()).contains("bad_format");
    }
  }

  @Test
  @DisplayName("the warm-up is left out of the measured throughput and latency")
  void warmupIsNotMeasured() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.IMMEDIATE, false).start()) {
      GpsLoadConfig config =
          new GpsLoadConfig(
              gateway.url(),
              2,
              2,
              1_000_000,
              Duration.ofMillis(1_500),
              10,
              1_000,
              Duration.ofMillis(700));
      GpsLoadResult result = new GpsLoad(config).run();

      assertThat(result.completed()).isFalse();
      assertThat(result.measured()).isBetween(Duration.ofMillis(600), Duration.ofMillis(1_000));
      assertThat(result.measuredAcks()).isLessThan(result.acked());
      assertThat(result.latency().count()).isCloseTo(result.measuredAcks(), within(2L));
      assertThat(result.ackedPerSecond()).isBetween(700.0, 1_300.0);
      assertThat(result.markdownRow()).startsWith("| 2 | 2 | 10 | 1000 |");
    }
  }

  @Test
  @DisplayName("nothing listening: every connection fails fast and the run ends")
  void connectFailuresEndTheRun() {
    URI nowhere = URI.create("ws://127.0.0.1:1/ws");
    GpsLoadResult result = new GpsLoad(config(nowhere, 3, 4, 100, 10, null)).run();

    assertThat(result.connectFailures()).isEqualTo(3);
    assertThat(result.sent()).isZero();
    assertThat(result.completed()).isFalse();
  }

  private static GpsLoadConfig config(
      URI url, int connections, int window, long total, int devices, Integer rate) {
    return new GpsLoadConfig(url, connections, window, total, MAX, devices, rate, Duration.ZERO);
  }
}

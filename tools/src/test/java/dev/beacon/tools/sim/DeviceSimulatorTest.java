package dev.beacon.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.tools.bench.FakeGateway;
import dev.beacon.tools.bench.FakeGateway.Replies;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceSimulatorTest {

  private static final long SEED = 7;

  @Test
  @DisplayName(
      "parity mode: every device connects once, sends 1-5 fixes, each acked, with distinct timestamps")
  void parityRunAcksEveryFix() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    try (FakeGateway gateway = new FakeGateway(Replies.IMMEDIATE, true).start()) {
      SimulatorConfig config =
          quickParity(gateway.url(), 20).toBuilder()
              .out(new PrintStream(progress, true, StandardCharsets.UTF_8))
              .progressInterval(Duration.ofMillis(20))
              .build();
      SimulationResult result = new DeviceSimulator(config).run();

      assertThat(result.deadlineHit()).isFalse();
      assertThat(result.sent())
          .isBetween(20L, 100L)
          .isEqualTo(result.ok())
          .isEqualTo(gateway.received());
      assertThat(result.errors()).isZero();
      assertThat(result.connectFailures() + result.dropped()).isZero();
      assertThat(gateway.connectionsOpened()).isEqualTo(20);
      assertThat(gateway.repeatedPairs()).isZero();
      assertThat(deviceIds(gateway.lines()))
          .isEqualTo(
              IntStream.rangeClosed(1, 20).mapToObj(Integer::toString).collect(Collectors.toSet()));
      assertThat(result.latency().count()).isEqualTo(result.ok());
      assertThat(progress.toString(StandardCharsets.UTF_8))
          .contains("sent", "ok", "conn-err", "rate");
      assertThat(result.summary()).contains("OK " + result.ok());
    }
  }

  @Test
  @DisplayName("positions cover the whole Earth: southern, western and |lon| >= 100")
  void positionsCoverTheEarth() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.IMMEDIATE, true).start()) {
      new DeviceSimulator(quickParity(gateway.url(), 30)).run();

      List<double[]> positions =
          gateway.lines().stream()
              .map(line -> line.split(","))
              .map(f -> new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])})
              .toList();
      assertThat(positions).allMatch(p -> Math.abs(p[0]) <= 90 && Math.abs(p[1]) <= 180);
      assertThat(positions)
          .anyMatch(p -> p[0] < 0)
          .anyMatch(p -> p[1] < 0)
          .anyMatch(p -> Math.abs(p[1]) >= 100);
    }
  }

  @Test
  @DisplayName("the same seed gives the same fleet: same number of fixes")
  void seedMakesRunsRepeatable() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.IMMEDIATE, false).start()) {
      long first = new DeviceSimulator(quickParity(gateway.url(), 15)).run().sent();
      long second = new DeviceSimulator(quickParity(gateway.url(), 15)).run().sent();

      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  @DisplayName(
      "rate mode: devices stay connected and together send the total rate for the duration")
  void rateModeSendsTheRate() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.IMMEDIATE, false).start()) {
      SimulatorConfig config =
          SimulatorConfig.atRate(gateway.url(), 10, 200, Duration.ofSeconds(1)).toBuilder()
              .seed(SEED)
              .out(null)
              .build();
      SimulationResult result = new DeviceSimulator(config).run();

      // Pacing is checked from above only (never faster than the rate): how close a loaded machine
      // gets to the
      // rate is a benchmark's business, not a unit test's.
      assertThat(result.sent()).isBetween(1L, 210L).isEqualTo(result.ok());
      assertThat(gateway.connectionsOpened()).isEqualTo(10);
      assertThat(gateway.repeatedPairs()).isZero();
    }
  }

  @Test
  @DisplayName(
      "rate mode keeps every device connected at once, beyond Vert.x's default of 50 per endpoint")
  void rateModeKeepsAllDevicesConnected() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.IMMEDIATE, false).start()) {
      SimulatorConfig config =
          SimulatorConfig.atRate(gateway.url(), 120, 240, Duration.ofSeconds(1)).toBuilder()
              .seed(SEED)
              .out(null)
              .build();
      SimulationResult result = new DeviceSimulator(config).run();

      assertThat(gateway.maxConnectionsOpen()).isEqualTo(120);
      assertThat(result.sent()).isEqualTo(result.ok()).isBetween(1L, 250L);
      assertThat(result.connectFailures()).isZero();
    }
  }

  @Test
  @DisplayName(
      "rate mode: a device behind schedule skips and counts slots, never more than one fix outstanding")
  void slowRepliesAreCountedNotQueued() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.DELAYED, false).start()) {
      SimulatorConfig config =
          SimulatorConfig.atRate(gateway.url(), 2, 4_000, Duration.ofMillis(500)).toBuilder()
              .seed(SEED)
              .out(null)
              .build();
      SimulationResult result = new DeviceSimulator(config).run();

      assertThat(result.missedSlots()).isPositive();
      assertThat(result.sent()).isEqualTo(result.ok()).isLessThan(2_000);
      assertThat(gateway.maxOutstanding()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a gateway that never answers: the hard deadline ends the run")
  void deadlineEndsTheRun() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.NEVER, false).start()) {
      SimulatorConfig config =
          quickParity(gateway.url(), 5).toBuilder().deadline(Duration.ofMillis(500)).build();
      long start = System.nanoTime();
      SimulationResult result = new DeviceSimulator(config).run();

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(result.deadlineHit()).isTrue();
      assertThat(result.ok()).isZero();
      assertThat(result.summary()).contains("deadline");
    }
  }

  @Test
  @DisplayName("a reply that does not come in time counts as reply_timeout and ends that device")
  void replyTimeoutEndsTheDevice() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.NEVER, false).start()) {
      SimulatorConfig config =
          quickParity(gateway.url(), 4).toBuilder().replyTimeout(Duration.ofMillis(200)).build();
      SimulationResult result = new DeviceSimulator(config).run();

      assertThat(result.deadlineHit()).isFalse();
      assertThat(result.sent()).isEqualTo(4);
      assertThat(result.errorsByCode()).containsEntry(DeviceLink.REPLY_TIMEOUT, 4L);
    }
  }

  @Test
  @DisplayName("ERR replies are counted by code and the device carries on with its next fix")
  void errorsAreCountedByCode() throws Exception {
    try (FakeGateway gateway = new FakeGateway(Replies.IMMEDIATE, false).start()) {
      SimulatorConfig config =
          quickParity(gateway.url(), 5).toBuilder().deviceIdPrefix("bad-").build();
      SimulationResult result = new DeviceSimulator(config).run();

      assertThat(result.ok()).isZero();
      assertThat(result.errorsByCode()).containsOnlyKeys("bad_format");
      assertThat(result.errors()).isEqualTo(result.sent()).isEqualTo(gateway.received());
    }
  }

  @Test
  @DisplayName("nothing listening: every device's connect failure is counted and the run ends")
  void connectFailuresAreCounted() {
    SimulationResult result =
        new DeviceSimulator(quickParity(URI.create("ws://127.0.0.1:1/ws"), 3)).run();

    assertThat(result.connectFailures()).isEqualTo(3);
    assertThat(result.sent()).isZero();
    assertThat(result.deadlineHit()).isFalse();
  }

  private static SimulatorConfig quickParity(URI url, int devices) {
    return SimulatorConfig.parity(url, devices).toBuilder()
        .seed(SEED)
        .minStartDelay(Duration.ZERO)
        .maxStartDelay(Duration.ofMillis(50))
        .out(null)
        .build();
  }

  private static Set<String> deviceIds(List<String> lines) {
    return lines.stream()
        .map(line -> line.substring(0, line.indexOf(',')))
        .collect(Collectors.toSet());
  }
}

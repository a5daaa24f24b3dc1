package dev.beacon.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.tools.bench.charts.ResultFiles;
import dev.beacon.tools.bench.conditions.BenchConditions;
import dev.beacon.tools.bench.conditions.IdleRule;
import dev.beacon.tools.bench.conditions.MachineConditions;
import dev.beacon.tools.bench.fanout.ChatPayload;
import dev.beacon.tools.bench.fanout.FanoutScenario;
import dev.beacon.tools.bench.fanout.FanoutSettings;
import dev.beacon.tools.bench.fanout.GeneratorProcess;
import dev.beacon.tools.bench.fanout.InProcessStack;
import dev.beacon.tools.bench.fanout.ScenarioOutcome;
import dev.beacon.tools.bench.fanout.ScenarioRunner;
import dev.beacon.tools.bench.fanout.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario of {@code beacon bench fanout} at a tiny scale (a few hundred connections,
 * seconds) against one in-process stack with two gateways: each delivers everything exactly once
 * and the servers' per-hop table has observations. Never asserts on speed: that is what the
 * benchmark is for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanoutScenariosIT {

  private static final FanoutSettings.Timing TIMING =
      new FanoutSettings.Timing(
          Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(15));
  private static final FanoutSettings TINY =
      new FanoutSettings(
          new FanoutSettings.Room("it-room", 2, 100, List.of(20)),
          null,
          new FanoutSettings.BigRoom("it-big", 1, 200, 5),
          new FanoutSettings.ManyRooms("it-r", 100, 4, 50, 2, 50),
          new FanoutSettings.Gps(200, 1, 5, 20),
          TIMING);

  private InProcessStack stack;

  @TempDir Path results;

  @BeforeAll
  void startStack() throws Exception {
    stack = InProcessStack.start();
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  private ScenarioOutcome runInline(FanoutScenario scenario) {
    List<ScenarioOutcome> outcomes =
        new ScenarioRunner(
                stack.chatUrls(),
                "IT",
                List.of(),
                TINY,
                ChatPayload.DEFAULT,
                // the figures of this IT are not compared: a busy machine warns only
                BenchConditions.start(
                    new IdleRule(IdleRule.DEFAULT_MAX_LOAD_PER_CPU),
                    false,
                    () -> MachineConditions.now("it"),
                    System.out),
                new ResultFiles(results, "IT", System.out),
                System.out)
            .run(List.of(scenario));
    assertThat(outcomes).hasSize(1);
    return outcomes.get(0);
  }

  private static void assertExactlyOnce(ScenarioOutcome outcome) {
    assertThat(outcome.missing()).as("missing deliveries of " + outcome.label()).isZero();
    assertThat(outcome.duplicates()).as("duplicate deliveries of " + outcome.label()).isZero();
    assertThat(outcome.complete()).as("no connection lost or refused, no error").isTrue();
  }

  @Test
  @DisplayName(
      "room: every subscriber of the room gets every message once, and the hops are in the table")
  void room() {
    ScenarioOutcome outcome = runInline(FanoutScenario.ROOM);
    assertExactlyOnce(outcome);
    assertThat(outcome.hopCount())
        .as("end-to-end hop observations in the measured window")
        .isPositive();
  }

  @Test
  @DisplayName("big-room: every member of a room of 200 gets every message once")
  void bigRoom() {
    ScenarioOutcome outcome = runInline(FanoutScenario.BIG_ROOM);
    assertExactlyOnce(outcome);
    assertThat(outcome.hopCount()).isPositive();
  }

  @Test
  @DisplayName(
      "many-rooms: 100 rooms of 4 over 50 connections, every member gets its rooms' messages once, no other")
  void manyRooms() {
    ScenarioOutcome outcome = runInline(FanoutScenario.MANY_ROOMS);
    assertExactlyOnce(outcome);
    assertThat(outcome.hopCount()).isPositive();
  }

  @Test
  @DisplayName(
      "gps: every acknowledged fix of the measured window reaches the gps:* and the single-device followers once")
  void gps() {
    assertExactlyOnce(runInline(FanoutScenario.GPS));
  }

  @Test
  @DisplayName(
      "the load generator in a child JVM runs a scenario against the stack and its output comes back")
  void generatorInChildProcess() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    int exit =
        GeneratorProcess.run(
            stack.chatUrls(),
            stack.metricsUrl(),
            List.of(
                "bench",
                "fanout",
                "--scenario",
                "room",
                "--publishers",
                "2",
                "--subscribers",
                "50",
                "--rate",
                "10",
                "--duration",
                "2s",
                "--warmup",
                "2s",
                "--drain",
                "15s"),
            results,
            Duration.ofMinutes(2),
            out);
    String output = buffer.toString(StandardCharsets.UTF_8);
    System.out.println(output);
    assertThat(exit).as("the child's exit code").isZero();
    assertThat(output).contains("conditions at start: ").contains("conditions at end: ");
    assertThat(results.resolve("room-10msgs-text-stamp-only.svg")).exists();
    try (Stream<Path> files = Files.list(results)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .filteredOn(f -> f.startsWith("room-10msgs-") && f.endsWith(".hgrm"))
          .hasSize(1);
    }
    assertThat(output)
        .contains("load generator: child process")
        .contains("per-hop figures from " + List.of(stack.metricsUrl()))
        .contains(Verdict.PREFIX + "COMPLETE (missing 0, duplicates 0)")
        .contains("| end_to_end |");
  }
}

package dev.beacon.tools.bench.conditions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BenchConditionsTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private static MachineConditions load(double one, int cpus) {
    return new MachineConditions(
        Instant.parse("2026-12-07T05:00:00Z"), new LoadAverage(one, 1, 1), cpus, "abc1234567");
  }

  /** Returns the given conditions in turn, the last one from then on. */
  private static Supplier<MachineConditions> readings(MachineConditions... each) {
    Deque<MachineConditions> left = new ArrayDeque<>(List.of(each));
    return () -> left.size() > 1 ? left.poll() : left.peek();
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("busy is a 1-minute load average above --max-load per CPU")
  void idleRuleIsPerCpu() {
    IdleRule rule = new IdleRule(0.75);
    assertThat(rule.busy(load(1.5, 2))).isFalse();
    assertThat(rule.busy(load(1.51, 2))).isTrue();
    assertThat(rule.busy(load(5.9, 8))).isFalse();
    assertThat(rule.reason(load(5.2, 2)))
        .isEqualTo("1-minute load average 5.20 over 1.50 (0.75 x 2 CPUs)");
    assertThatThrownBy(() -> new IdleRule(0)).hasMessageContaining("--max-load");
  }

  @Test
  @DisplayName("start and end print the time, the load averages, the CPUs and the commit")
  void printsConditionsAtStartAndEnd() {
    BenchConditions c =
        BenchConditions.start(new IdleRule(0.75), false, readings(load(0.2, 2), load(0.4, 2)), out);
    assertThat(c.tableRow()).isEmpty();
    c.finish(out);
    assertThat(printed())
        .contains(
            "conditions at start: 2026-12-07T05:00:00Z, load average 0.20 / 1.00 / 1.00 (1 / 5 / 15 min) "
                + "on 2 CPUs, commit abc1234567")
        .contains("conditions at end: ")
        .doesNotContain("BUSY");
  }

  @Test
  @DisplayName("a machine busy at the start puts the warning in the table and at the end")
  void busyAtStartWarns() {
    BenchConditions c =
        BenchConditions.start(new IdleRule(0.75), false, readings(load(14, 2), load(0.1, 2)), out);
    assertThat(c.busy()).isTrue();
    assertThat(c.tableRow())
        .startsWith("| !!! BUSY MACHINE: 1-minute load average 14.00 over 1.50")
        .contains("at the start")
        .endsWith(" |");
    c.finish(out);
    assertThat(printed()).contains("NOT comparable");
  }

  @Test
  @DisplayName("a machine that became busy during the run is named in the table too")
  void busyAtEndWarns() {
    BenchConditions c =
        BenchConditions.start(new IdleRule(0.75), false, readings(load(0.5, 2), load(3, 2)), out);
    assertThat(c.busy()).isFalse();
    assertThat(c.tableRow()).contains("3.00 over 1.50").contains("at the end");
  }

  @Test
  @DisplayName("--require-idle refuses a busy machine and says what to do")
  void requireIdleRefuses() {
    assertThatThrownBy(
            () -> BenchConditions.start(new IdleRule(0.75), true, readings(load(2, 2)), out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--require-idle")
        .hasMessageContaining("raise --max-load");
    BenchConditions idle =
        BenchConditions.start(new IdleRule(0.75), true, readings(load(1, 2)), out);
    assertThat(idle.busy()).isFalse();
  }
}

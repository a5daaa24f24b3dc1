package dev.beacon.tools.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.runtime.timing.Hop;
import dev.beacon.tools.bench.HopLatencies;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HopWindowTest {

  @Test
  @DisplayName(
      "the window counts the end-to-end observations between its snapshots and prints the hop table")
  void countsObservationsInsideTheWindow() {
    Hop.END_TO_END.recordMicros(1_000);
    HopWindow window = new HopWindow(new HopLatencies(List.of()));
    window.opened();
    Hop.END_TO_END.recordMicros(2_000);
    Hop.END_TO_END.recordMicros(3_000);
    Hop.END_TO_END.recordMicros(4_000);
    window.closed();
    Hop.END_TO_END.recordMicros(5_000);

    assertThat(window.endToEndCount()).isEqualTo(3);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    window.print(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    assertThat(buffer.toString(StandardCharsets.UTF_8))
        .contains("| end_to_end |")
        .contains("| 3 |");
  }

  @Test
  @DisplayName("a window never opened counts nothing and prints nothing")
  void unopenedWindow() {
    HopWindow window = new HopWindow(new HopLatencies(List.of()));
    assertThat(window.endToEndCount()).isZero();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    window.print(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    assertThat(buffer.size()).isZero();
  }
}

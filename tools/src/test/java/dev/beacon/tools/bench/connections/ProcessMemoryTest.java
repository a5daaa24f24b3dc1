package dev.beacon.tools.bench.connections;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  @DisplayName("per-connection growth divides the difference, and an unknown side stays unknown")
  void perConnection() {
    ProcessMemory before = new ProcessMemory(100_000, 1_000_000, -1);
    ProcessMemory after =
        new ProcessMemory(100_000 + 4_096 * 1_000, 1_000_000 + 20_480 * 1_000, 5_000);

    ProcessMemory each = after.perConnection(before, 1_000);

    assertThat(each).isEqualTo(new ProcessMemory(4_096, 20_480, -1));
    assertThat(each.describeKb()).isEqualTo("heap 4.0 KB, RSS 20.0 KB, native n/a");
  }

  @Test
  @DisplayName("memory of several processes adds up, unknown if any side is unknown")
  void sum() {
    assertThat(new ProcessMemory(1, 2, 3).plus(new ProcessMemory(10, 20, -1)))
        .isEqualTo(new ProcessMemory(11, 22, -1));
  }
}

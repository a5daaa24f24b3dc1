package dev.beacon.tools.bench.conditions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadAverageTest {

  @Test
  @DisplayName("a /proc/loadavg line gives its 1, 5 and 15-minute load averages")
  void parsesTheFirstThreeFields() {
    LoadAverage load = LoadAverage.parse("14.52 3.08 0.59 5/467 12345\n");
    assertThat(load).isEqualTo(new LoadAverage(14.52, 3.08, 0.59));
    assertThat(load.describe()).isEqualTo("14.52 / 3.08 / 0.59");
  }

  @Test
  @DisplayName("a line that is not a load average is refused with what it was")
  void refusesOtherText() {
    assertThatThrownBy(() -> LoadAverage.parse("1.0 2.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 3 fields");
    assertThatThrownBy(() -> LoadAverage.parse("a b c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a b c'");
  }

  @Test
  @DisplayName("reads a file, and this machine's /proc/loadavg")
  void readsFiles(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("loadavg"), "0.50 0.40 0.30 1/100 42\n");
    assertThat(LoadAverage.read(file).five()).isEqualTo(0.40);
    assertThat(LoadAverage.read(LoadAverage.PROC_LOADAVG).one()).isNotNegative();
  }
}

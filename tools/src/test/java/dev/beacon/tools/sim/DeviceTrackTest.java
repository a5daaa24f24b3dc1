package dev.beacon.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceTrackTest {

  @Test
  @DisplayName("timestamps increase per device even when the clock does not move")
  void timestampsStrictlyIncrease() {
    DeviceTrack track = new DeviceTrack("42", new SplittableRandom(1));
    long previous = 0;
    for (int i = 0; i < 100; i++) {
      String[] fields = track.nextLine(1_700_000_000_000L).split(",");
      assertThat(fields).hasSize(4);
      assertThat(fields[0]).isEqualTo("42");
      long timestamp = Long.parseLong(fields[1]);
      assertThat(timestamp).isGreaterThan(previous);
      previous = timestamp;
    }
  }

  @Test
  @DisplayName("a device moves a little between fixes, like a tracker on the road")
  void movesLittle() {
    DeviceTrack track = new DeviceTrack("7", new SplittableRandom(3));
    String[] a = track.nextLine(1).split(",");
    String[] b = track.nextLine(2).split(",");
    assertThat(Math.abs(Double.parseDouble(a[2]) - Double.parseDouble(b[2]))).isLessThan(0.001);
    assertThat(a[2]).matches("-?\\d+\\.\\d{7}");
  }
}

package dev.beacon.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FixLineSourceTest {

  private static final long NOW = 1_700_000_000_000L;

  @Test
  @DisplayName(
      "consecutive fixes go to consecutive devices and no (device, timestamp) pair repeats")
  void interleavesDevicesWithDistinctTimestamps() {
    FixLineSource source = new FixLineSource(config(1_000, 3, Duration.ofMinutes(1)), NOW);
    Set<String> pairs = new HashSet<>();
    for (long n = 0; n < 1_000; n++) {
      String[] fields = source.line(n).split(",");
      assertThat(fields).hasSize(4);
      assertThat(fields[0]).isEqualTo("dev-" + (n % 3 + 1));
      assertThat(pairs.add(fields[0] + "," + fields[1])).isTrue();
    }
  }

  @Test
  @DisplayName(
      "timestamps start now, or in the past when a run could outgrow the gateway's future-skew limit")
  void timestampsStayWithinTheSkewLimit() {
    assertThat(FixLineSource.baseMillis(config(10_000, 100, Duration.ofMinutes(1)), NOW))
        .isEqualTo(NOW);

    GpsLoadConfig long1Device = config(10_000_000, 1, Duration.ofMinutes(10));
    long base = FixLineSource.baseMillis(long1Device, NOW);
    assertThat(base + long1Device.totalFixes())
        .isLessThanOrEqualTo(NOW + FixLineSource.MAX_LEAD_MILLIS + 1);
    assertThat(base).isGreaterThan(100_000_000_000L);
  }

  private static GpsLoadConfig config(long total, int devices, Duration max) {
    return new GpsLoadConfig(
        URI.create("ws://localhost:1/ws"), 1, 1, total, max, devices, null, null, "dev-");
  }
}

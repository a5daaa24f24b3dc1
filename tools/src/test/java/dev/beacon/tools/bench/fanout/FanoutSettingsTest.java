package dev.beacon.tools.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FanoutSettingsTest {

  private static final List<URI> URLS =
      List.of(URI.create("ws://127.0.0.1:8080/chat"), URI.create("ws://127.0.0.1:8082/chat"));
  private static final FanoutSettings.Timing TIMING =
      new FanoutSettings.Timing(
          Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(5));

  private static FanoutSettings issueDefaults(FanoutSettings.Saturation saturation) {
    return new FanoutSettings(
        new FanoutSettings.Room("bench", 4, 200, List.of(20, 100, 250)),
        saturation,
        new FanoutSettings.BigRoom("bench-big", 1, 10_000, 10),
        new FanoutSettings.ManyRooms("bench-r", 5000, 4, 1000, 4, 1000),
        new FanoutSettings.Gps(10_000, 1, 200, 1000),
        TIMING);
  }

  @Test
  @DisplayName(
      "scenario names parse, all runs every scenario in order, an unknown one lists the choices")
  void parsesScenarios() {
    assertThat(FanoutScenario.parse("big-room")).containsExactly(FanoutScenario.BIG_ROOM);
    assertThat(FanoutScenario.parse("ALL")).containsExactly(FanoutScenario.values());
    assertThatThrownBy(() -> FanoutScenario.parse("huge"))
        .hasMessageContaining("room, big-room, many-rooms, gps or all");
  }

  @Test
  @DisplayName("the issue's scenarios become loads of the issue's sizes")
  void issueSizes() {
    FanoutSettings s = issueDefaults(null);
    FanoutConfig big = s.bigRoom().config(URLS, TIMING);
    assertThat(big.subscribers()).isEqualTo(10_000);
    assertThat(big.targetDeliveriesPerSecond()).isEqualTo(100_000);
    FanoutConfig many = s.manyRooms().config(URLS, TIMING);
    assertThat(many.plan().rooms()).isEqualTo(5000);
    assertThat(many.subscribers()).isEqualTo(1000);
    assertThat(many.targetDeliveriesPerSecond()).as("1,000 msgs/s to rooms of 4").isEqualTo(4000);
    assertThat(s.manyRooms().describe()).contains("20.0 rooms each").contains("20,000 open files");
    GpsFollowConfig gps = s.gps().config(URLS, TIMING);
    assertThat(gps.fixesPerDevice()).isEqualTo(20);
    assertThat(gps.deviceUrl(1)).isEqualTo(URI.create("ws://127.0.0.1:8082/ws"));
    assertThat(gps.followedDevice(999)).isEqualTo(9990);
  }

  @Test
  @DisplayName("the generator's time bound covers every run of the scenarios asked for")
  void boundCoversEveryRun() {
    FanoutSettings steps = issueDefaults(null);
    FanoutSettings saturating = issueDefaults(new FanoutSettings.Saturation(20, 1.5, 12, 250));
    Duration oneRoomRun = Duration.ofSeconds(25 + 60 + 90).plusMillis(10 * 204);
    assertThat(steps.bound(List.of(FanoutScenario.ROOM)))
        .isEqualTo(oneRoomRun.multipliedBy(3).plusSeconds(60));
    assertThat(saturating.bound(List.of(FanoutScenario.ROOM)))
        .isEqualTo(oneRoomRun.multipliedBy(12).plusSeconds(60));
    assertThat(steps.bound(List.of(FanoutScenario.values())))
        .isGreaterThan(steps.bound(List.of(FanoutScenario.ROOM)));
  }

  @Test
  @DisplayName("bad sizes and timings are refused with the option to fix")
  void validates() {
    assertThatThrownBy(() -> new FanoutSettings.Timing(Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("--duration");
    assertThatThrownBy(() -> new FanoutSettings.Room("bench", 4, 200, List.of(0)))
        .hasMessageContaining("--rate");
    assertThatThrownBy(() -> new FanoutSettings.ManyRooms("r", 10, 4, 2, 1, 10))
        .hasMessageContaining("members");
    assertThatThrownBy(
            () ->
                new GpsFollowConfig(
                    URLS, 10, 1, 0, 0, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("at least one follower");
  }
}

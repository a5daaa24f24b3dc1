package dev.beacon.broadcaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BroadcasterConfigTest {

  @Test
  @DisplayName("defaults: group and prefix beacon-broadcaster, host-named instance, 100 ms commits")
  void defaults() {
    BroadcasterConfig config = BroadcasterConfig.defaults();

    assertThat(config.groupId()).isEqualTo("beacon-broadcaster");
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.transactionalId()).startsWith("beacon-broadcaster-").hasSizeGreaterThan(19);
  }

  @Test
  @DisplayName("the builder overrides group, instance, GPS relay group and commit interval")
  void builder() {
    BroadcasterConfig config =
        BroadcasterConfig.builder()
            .groupId("g2")
            .instanceId("b-1")
            .gpsGroupId("g2-gps")
            .commitInterval(Duration.ofMillis(500))
            .build();

    assertThat(config.groupId()).isEqualTo("g2");
    assertThat(config.gpsGroupId()).isEqualTo("g2-gps");
    assertThat(config.transactionalId()).isEqualTo("beacon-broadcaster-b-1");
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  @DisplayName("bad values are refused with the variable to set")
  void refusals() {
    BroadcasterConfig d = BroadcasterConfig.defaults();
    assertThatThrownBy(() -> d.toBuilder().groupId(" ").build())
        .hasMessageContaining("BEACON_BROADCASTER_GROUP");
    assertThatThrownBy(() -> d.toBuilder().instanceId("a b").build())
        .hasMessageContaining("BEACON_BROADCASTER_INSTANCE");
    assertThatThrownBy(() -> d.toBuilder().commitInterval(Duration.ZERO).build())
        .hasMessageContaining("BEACON_BROADCASTER_COMMIT_INTERVAL");
    assertThatThrownBy(() -> d.toBuilder().gpsGroupId(d.groupId()).build())
        .hasMessageContaining("BEACON_BROADCASTER_GPS_GROUP");
  }
}

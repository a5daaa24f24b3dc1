package dev.beacon.broadcaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
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
  @DisplayName("the environment overrides group, instance and commit interval")
  void fromEnvironment() {
    BroadcasterConfig config = BroadcasterConfig.fromEnvironment(Map.of("BEACON_BROADCASTER_GROUP", "g2",
        "BEACON_BROADCASTER_INSTANCE", "b-1", "BEACON_BROADCASTER_COMMIT_INTERVAL", "500ms"));

    assertThat(config.groupId()).isEqualTo("g2");
    assertThat(config.transactionalId()).isEqualTo("beacon-broadcaster-b-1");
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(BroadcasterConfig.parseDuration("X", "PT2S")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  @DisplayName("bad values are refused with the variable to set")
  void refusals() {
    BroadcasterConfig d = BroadcasterConfig.defaults();
    assertThatThrownBy(() -> d.withGroupId(" ")).hasMessageContaining("BEACON_BROADCASTER_GROUP");
    assertThatThrownBy(() -> d.withInstanceId("a b")).hasMessageContaining("BEACON_BROADCASTER_INSTANCE");
    assertThatThrownBy(() -> d.withCommitInterval(Duration.ZERO))
        .hasMessageContaining("BEACON_BROADCASTER_COMMIT_INTERVAL");
    assertThatThrownBy(() -> BroadcasterConfig.fromEnvironment(Map.of("BEACON_BROADCASTER_COMMIT_INTERVAL", "soon")))
        .hasMessageContaining("BEACON_BROADCASTER_COMMIT_INTERVAL='soon'");
  }
}

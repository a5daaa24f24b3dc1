package dev.beacon.gateway.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.gateway.GatewayConfig;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServerApiConfigTest {

  @Test
  @DisplayName(
      "defaults: API off, 50,000 connections, 2 s readiness delay, 10 s drain window, no prefix")
  void defaults() {
    ServerApiConfig config = ServerApiConfig.defaults();
    assertThat(config.adminApiEnabled()).isFalse();
    assertThat(config.maxConnections()).isEqualTo(50_000);
    assertThat(config.drainReadinessDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.drainWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.pathPrefix()).isEmpty();
    assertThat(GatewayConfig.defaults().serverApi()).isEqualTo(config);
  }

  @Test
  @DisplayName("invalid values are refused with a message naming the env var and what to do")
  void invalid() {
    ServerApiConfig config = ServerApiConfig.defaults();
    assertThatThrownBy(() -> config.toBuilder().adminToken("short").build())
        .hasMessageContaining("BEACON_ADMIN_TOKEN")
        .hasMessageContaining("openssl rand");
    assertThatThrownBy(() -> config.toBuilder().maxConnections(0).build())
        .hasMessageContaining("BEACON_MAX_CONNECTIONS");
    assertThatThrownBy(
            () ->
                config.toBuilder()
                    .drainReadinessDelay(Duration.ofSeconds(-1))
                    .drainWindow(Duration.ZERO)
                    .build())
        .hasMessageContaining("BEACON_DRAIN_READINESS_DELAY");
    assertThatThrownBy(
            () ->
                config.toBuilder()
                    .drainReadinessDelay(Duration.ZERO)
                    .drainWindow(Duration.ofHours(1))
                    .build())
        .hasMessageContaining("BEACON_DRAIN_WINDOW");
    assertThatThrownBy(() -> config.toBuilder().pathPrefix("realtime/").build())
        .hasMessageContaining("BEACON_PATH_PREFIX");
  }

  @Test
  @DisplayName("the token never shows in toString")
  void secret() {
    assertThat(ServerApiConfig.builder().adminToken("0123456789abcdef-secret").build().toString())
        .doesNotContain("secret")
        .contains("adminApi=on");
  }
}

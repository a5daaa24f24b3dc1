package dev.beacon.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ProxyConfig: every hook off by default, each knob checked with its name")
class ProxyConfigTest {

  @Test
  @DisplayName("defaults: every hook off, 1 s, pool 32, 1000 in flight, no headers")
  void defaults() {
    ProxyConfig config = ProxyConfig.defaults();
    assertThat(config.anyEnabled()).isFalse();
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.poolSize()).isEqualTo(32);
    assertThat(config.maxInFlight()).isEqualTo(1000);
    assertThat(config.forwardHeaders()).isEmpty();
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  @DisplayName("a hook is on with its URL; header names are trimmed")
  void enabled() {
    ProxyConfig config =
        ProxyConfig.builder()
            .publishUrl(" https://app.example/publish ")
            .forwardHeaders(List.of(" Cookie", "Authorization ", ""))
            .build();
    assertThat(config.enabled(ProxyHook.PUBLISH)).isTrue();
    assertThat(config.enabled(ProxyHook.CONNECT)).isFalse();
    assertThat(config.url(ProxyHook.PUBLISH)).isEqualTo("https://app.example/publish");
    assertThat(config.forwardHeaders()).containsExactly("Cookie", "Authorization");
  }

  @Test
  @DisplayName("bad values are refused naming their variable")
  void invalid() {
    assertThatThrownBy(() -> ProxyConfig.builder().connectUrl("ftp://x/y").build())
        .hasMessageContaining("BEACON_PROXY_CONNECT_URL");
    assertThatThrownBy(() -> ProxyConfig.builder().refreshUrl("/relative").build())
        .hasMessageContaining("BEACON_PROXY_REFRESH_URL");
    assertThatThrownBy(() -> ProxyConfig.builder().timeout(Duration.ZERO).build())
        .hasMessageContaining("BEACON_PROXY_TIMEOUT");
    assertThatThrownBy(() -> ProxyConfig.builder().poolSize(0).build())
        .hasMessageContaining("BEACON_PROXY_POOL_SIZE");
    assertThatThrownBy(() -> ProxyConfig.builder().maxInFlight(0).build())
        .hasMessageContaining("BEACON_PROXY_MAX_IN_FLIGHT");
    assertThatThrownBy(() -> ProxyConfig.builder().forwardHeaders(List.of("Bad:Name")).build())
        .hasMessageContaining("BEACON_PROXY_HEADERS");
  }
}

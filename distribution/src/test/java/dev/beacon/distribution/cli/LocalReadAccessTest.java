package dev.beacon.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.gateway.GatewayConfig;
import dev.beacon.ingestor.ReadAccessConfig;
import dev.beacon.runtime.auth.JwtConfig;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LocalReadAccessTest {

  static final GatewayConfig GATEWAY = GatewayConfig.builder().port(8080).build();

  @Test
  @DisplayName(
      "with no read token set, beacon local generates a fresh random one and allows its console's origins")
  void generatesToken() {
    LocalReadAccess first = LocalReadAccess.of(ReadAccessConfig.defaults(), GATEWAY);
    LocalReadAccess second = LocalReadAccess.of(ReadAccessConfig.defaults(), GATEWAY);
    assertThat(first.generated()).isTrue();
    assertThat(first.access().readToken())
        .matches("[0-9a-f]{48}")
        .isNotEqualTo(second.access().readToken());
    assertThat(first.access().allowedOrigins())
        .containsExactly("http://localhost:8080", "http://127.0.0.1:8080");
  }

  @Test
  @DisplayName("a token the user set is kept, origins they set stay, and open mode gets no token")
  void keepsWhatWasSet() {
    ReadAccessConfig set =
        ReadAccessConfig.of(
            "authenticated",
            "my-own-read-token-123",
            JwtConfig.off(),
            "https://console.example.com");
    LocalReadAccess local = LocalReadAccess.of(set, GATEWAY);
    assertThat(local.generated()).isFalse();
    assertThat(local.access().readToken()).isEqualTo("my-own-read-token-123");
    assertThat(local.access().allowedOrigins())
        .containsExactly(
            "https://console.example.com", "http://localhost:8080", "http://127.0.0.1:8080");

    LocalReadAccess open =
        LocalReadAccess.of(ReadAccessConfig.of("open", null, JwtConfig.off(), ""), GATEWAY);
    assertThat(open.generated()).isFalse();
    assertThat(open.access().readToken()).isNull();
    assertThat(LocalReadAccess.consoleOrigins(GatewayConfig.builder().port(0).build()))
        .isEqualTo(List.of());
  }
}

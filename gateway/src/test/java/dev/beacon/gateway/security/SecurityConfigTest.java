package dev.beacon.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.auth.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SecurityConfig")
class SecurityConfigTest {

  @TempDir Path dir;

  @Test
  @DisplayName(
      "defaults: plain ws, any origin, no JWT, and limits that do not throttle the benchmarks")
  void defaults() {
    SecurityConfig config = SecurityConfig.defaults();
    assertThat(config.tls().enabled()).isFalse();
    assertThat(config.jwt().enabled()).isFalse();
    assertThat(config.allowedOrigins()).isEmpty();
    assertThat(config.rateLimit()).isEqualTo(10_000);
    assertThat(config.rateBurst()).isEqualTo(10_000);
    assertThat(config.maxConnectionsPerIp()).isEqualTo(5_000);
    assertThat(config.maxFragments()).isEqualTo(128);
    assertThat(config.maxHeaders()).isEqualTo(100);
    assertThat(config.maxHeaderSize()).isEqualTo(8_192);
  }

  @Test
  @DisplayName("TLS needs both files, and readable ones")
  void tls() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
    assertThatThrownBy(() -> TlsConfig.of(cert.toString(), ""))
        .hasMessageContaining("BEACON_TLS_CERT")
        .hasMessageContaining("BEACON_TLS_KEY");
    assertThatThrownBy(() -> TlsConfig.of(cert.toString(), dir.resolve("missing.pem").toString()))
        .hasMessageContaining("BEACON_TLS_KEY names a private key file that does not exist");
    assertThat(TlsConfig.of(cert.toString(), cert.toString()).enabled()).isTrue();
    assertThat(TlsConfig.of(" ", null).enabled()).isFalse();
  }

  @Test
  @DisplayName("a short HS256 secret is refused, and the secret never shows in toString")
  void jwt() {
    assertThatThrownBy(() -> JwtConfig.builder().hs256Secret("short").leeway(Duration.ZERO).build())
        .hasMessageContaining("BEACON_JWT_HS256_SECRET must be at least 32 bytes");
    assertThat(
            JwtConfig.of(TestKeys.SECRET, "", null, null, null, null, Duration.ZERO, null)
                .toString())
        .doesNotContain(TestKeys.SECRET);
    assertThatThrownBy(
            () ->
                JwtConfig.builder()
                    .hs256Secret(TestKeys.SECRET)
                    .leeway(Duration.ofHours(1))
                    .build())
        .hasMessageContaining("BEACON_JWT_LEEWAY");
  }

  @Test
  @DisplayName("limits out of range name their setting")
  void limits() {
    SecurityConfig d = SecurityConfig.defaults();
    assertThatThrownBy(() -> d.toBuilder().rateLimit(-1).rateBurst(1).build())
        .hasMessageContaining("BEACON_RATE_LIMIT");
    assertThatThrownBy(() -> d.toBuilder().rateLimit(10).rateBurst(0).build())
        .hasMessageContaining("BEACON_RATE_BURST");
    assertThatThrownBy(() -> d.toBuilder().maxConnectionsPerIp(0).trustedProxies(List.of()).build())
        .hasMessageContaining("BEACON_MAX_CONNECTIONS_PER_IP");
    assertThatThrownBy(() -> d.toBuilder().maxFragments(0).build())
        .hasMessageContaining("BEACON_MAX_FRAGMENTS");
    assertThatThrownBy(() -> d.toBuilder().maxHeaders(2).maxHeaderSize(8192).build())
        .hasMessageContaining("BEACON_MAX_HEADERS");
    assertThatThrownBy(() -> d.toBuilder().maxHeaders(100).maxHeaderSize(100).build())
        .hasMessageContaining("BEACON_MAX_HEADER_SIZE");
    assertThatThrownBy(() -> d.toBuilder().allowedOrigins(List.of("example.com")).build())
        .hasMessageContaining("BEACON_ALLOWED_ORIGINS");
  }

  @Test
  @DisplayName("comma lists are trimmed and blanks dropped")
  void commaList() {
    assertThat(SecurityConfig.commaList(" https://a.io , ,https://b.io"))
        .containsExactly("https://a.io", "https://b.io");
    assertThat(SecurityConfig.commaList(null)).isEmpty();
  }
}

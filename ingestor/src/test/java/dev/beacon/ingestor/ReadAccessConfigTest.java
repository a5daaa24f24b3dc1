package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.http.HttpTimeouts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadAccessConfigTest {

  @Test
  @DisplayName(
      "the default is authenticated with no credential and no origin, and never prints a token")
  void defaults() {
    ReadAccessConfig defaults = ReadAccessConfig.defaults();
    assertThat(defaults.mode()).isEqualTo(ReadAccessConfig.Mode.AUTHENTICATED);
    assertThat(defaults.hasCredential()).isFalse();
    assertThat(defaults.allowedOrigins()).isEmpty();
    assertThat(ReadAccessConfig.builder().readToken("0123456789abcdefXYZ").build().toString())
        .doesNotContain("0123456789abcdefXYZ");
  }

  @Test
  @DisplayName(
      "a read token shorter than 16 characters is refused with the knob and a way to make one")
  void shortToken() {
    assertThatThrownBy(() -> ReadAccessConfig.builder().readToken("short").build())
        .hasMessageContaining("BEACON_INGESTOR_READ_TOKEN")
        .hasMessageContaining("16")
        .hasMessageContaining("openssl rand");
    assertThat(ReadAccessConfig.of("authenticated", " ", JwtConfig.off(), "").readToken()).isNull();
  }

  @Test
  @DisplayName("the mode is open or authenticated, any case; anything else names the knob")
  void mode() {
    assertThat(ReadAccessConfig.Mode.parse("OPEN")).isEqualTo(ReadAccessConfig.Mode.OPEN);
    assertThat(ReadAccessConfig.Mode.parse("authenticated"))
        .isEqualTo(ReadAccessConfig.Mode.AUTHENTICATED);
    assertThatThrownBy(() -> ReadAccessConfig.Mode.parse("none"))
        .hasMessageContaining("BEACON_INGESTOR_AUTH");
  }

  @Test
  @DisplayName(
      "allowed origins are exact scheme://host[:port]: no wildcard, path, slash or upper case")
  void origins() {
    ReadAccessConfig ok =
        ReadAccessConfig.of(
            "authenticated",
            null,
            JwtConfig.off(),
            "http://localhost:8080, https://console.example.com");
    assertThat(ok.allowedOrigins())
        .containsExactly("http://localhost:8080", "https://console.example.com");
    for (String bad :
        List.of(
            "*",
            "http://localhost:8080/",
            "https://*.example.com",
            "localhost:8080",
            "http://Example.com",
            "ftp://x.example",
            "http://a.example/console")) {
      assertThatThrownBy(() -> ReadAccessConfig.of("authenticated", null, JwtConfig.off(), bad))
          .as(bad)
          .hasMessageContaining("BEACON_INGESTOR_ALLOWED_ORIGINS");
    }
    assertThat(
            ok.allowingOrigins(List.of("http://localhost:8080", "http://127.0.0.1:8080"))
                .allowedOrigins())
        .containsExactly(
            "http://localhost:8080", "https://console.example.com", "http://127.0.0.1:8080");
  }

  @Test
  @DisplayName(
      "timeouts must be between 100 ms and an hour, and a bad one names the ingestor's knob")
  void timeouts() {
    assertThatThrownBy(() -> ingestorTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("BEACON_INGESTOR_IDLE_TIMEOUT");
    assertThatThrownBy(() -> ingestorTimeouts(Duration.ofSeconds(1), Duration.ofHours(2)))
        .hasMessageContaining("BEACON_INGESTOR_HEADER_TIMEOUT");
  }

  private static HttpTimeouts ingestorTimeouts(Duration idle, Duration headerRead) {
    return HttpTimeouts.of(
        idle, "BEACON_INGESTOR_IDLE_TIMEOUT", headerRead, "BEACON_INGESTOR_HEADER_TIMEOUT");
  }
}

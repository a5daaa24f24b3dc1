package dev.beacon.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OriginPolicy")
class OriginPolicyTest {

  final OriginPolicy policy =
      new OriginPolicy(
          List.of("https://app.example.com", "https://*.beacon.dev", "http://localhost:3000"));

  @Test
  @DisplayName("allows exact origins ignoring case, and subdomains of a wildcard entry")
  void allows() {
    assertThat(policy.allows("https://app.example.com")).isTrue();
    assertThat(policy.allows("HTTPS://App.Example.com")).isTrue();
    assertThat(policy.allows("https://eu.beacon.dev")).isTrue();
    assertThat(policy.allows("https://a.b.beacon.dev")).isTrue();
    assertThat(policy.allows("http://localhost:3000")).isTrue();
  }

  @Test
  @DisplayName("refuses other schemes, ports, lookalike hosts and the wildcard's bare domain")
  void refuses() {
    assertThat(policy.allows("http://app.example.com")).isFalse();
    assertThat(policy.allows("https://app.example.com:8443")).isFalse();
    assertThat(policy.allows("https://app.example.com.evil.io")).isFalse();
    assertThat(policy.allows("https://evilbeacon.dev")).isFalse();
    assertThat(policy.allows("https://beacon.dev")).isFalse();
    assertThat(policy.allows("https://evil.io/x.beacon.dev")).isFalse();
    assertThat(policy.allows("null")).isFalse();
    assertThat(policy.allows("http://localhost:3001")).isFalse();
  }

  @Test
  @DisplayName(
      "allows an upgrade without Origin (not a browser), and any origin when the list is empty")
  void absentAndEmpty() {
    assertThat(policy.allows(null)).isTrue();
    assertThat(new OriginPolicy(List.of()).allows("https://anything.io")).isTrue();
  }

  @Test
  @DisplayName("refuses an entry with a path, naming the setting")
  void badEntry() {
    assertThatThrownBy(() -> new OriginPolicy(List.of("https://app.example.com/")))
        .hasMessageContaining("BEACON_ALLOWED_ORIGINS")
        .hasMessageContaining("no path");
  }
}

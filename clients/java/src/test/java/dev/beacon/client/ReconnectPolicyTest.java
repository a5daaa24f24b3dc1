package dev.beacon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

  private final ReconnectPolicy policy =
      new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofSeconds(2), 5);

  @Test
  @DisplayName("the delay ceiling doubles from the initial delay and stops at the max delay")
  void exponentialCeiling() {
    assertThat(policy.ceilingMillis(1)).isEqualTo(100);
    assertThat(policy.ceilingMillis(2)).isEqualTo(200);
    assertThat(policy.ceilingMillis(4)).isEqualTo(800);
    assertThat(policy.ceilingMillis(6)).isEqualTo(2000);
    assertThat(policy.ceilingMillis(500)).isEqualTo(2000);
  }

  @Test
  @DisplayName("full jitter spreads the delay over zero to the ceiling")
  void fullJitter() {
    assertThat(policy.delayBefore(3, () -> 0.0)).isEqualTo(Duration.ZERO);
    assertThat(policy.delayBefore(3, () -> 0.9999)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.delayBefore(3, () -> 0.5)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  @DisplayName("attempts stop after max attempts, never when it is 0, and at once when disabled")
  void attempts() {
    assertThat(policy.allowsAttempt(5)).isTrue();
    assertThat(policy.allowsAttempt(6)).isFalse();
    assertThat(ReconnectPolicy.defaults().allowsAttempt(1_000_000)).isTrue();
    assertThat(ReconnectPolicy.never().allowsAttempt(1)).isFalse();
  }

  @Test
  @DisplayName("close codes follow the transient / terminal split of CloseCodes")
  void closeCodes() {
    assertThat(ReconnectPolicy.isTransient(1001)).isTrue();
    assertThat(ReconnectPolicy.isTransient(1006)).isTrue();
    assertThat(ReconnectPolicy.isTransient(1011)).isTrue();
    assertThat(ReconnectPolicy.isTransient(4001)).isTrue();
    assertThat(ReconnectPolicy.isTransient(4010)).isTrue();
    assertThat(ReconnectPolicy.isTransient(4499)).isTrue();
    assertThat(ReconnectPolicy.isTransient(1000)).isFalse();
    assertThat(ReconnectPolicy.isTransient(1008)).isFalse();
    assertThat(ReconnectPolicy.isTransient(1009)).isFalse();
    assertThat(ReconnectPolicy.isTransient(4500)).isFalse();
    assertThat(ReconnectPolicy.isTransientHttpStatus(503)).isTrue();
    assertThat(ReconnectPolicy.isTransientHttpStatus(429)).isTrue();
    assertThat(ReconnectPolicy.isTransientHttpStatus(401)).isFalse();
    assertThat(ReconnectPolicy.isTransientHttpStatus(403)).isFalse();
  }

  @Test
  @DisplayName("invalid settings are refused with the environment variable to fix")
  void validation() {
    assertThatThrownBy(() -> new ReconnectPolicy(true, Duration.ZERO, Duration.ofSeconds(1), 0))
        .hasMessageContaining("BEACON_CLIENT_RECONNECT_INITIAL_DELAY");
    assertThatThrownBy(
            () -> new ReconnectPolicy(true, Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
        .hasMessageContaining("BEACON_CLIENT_RECONNECT_MAX_DELAY");
    assertThatThrownBy(
            () -> new ReconnectPolicy(true, Duration.ofSeconds(1), Duration.ofSeconds(1), -1))
        .hasMessageContaining("BEACON_CLIENT_RECONNECT_MAX_ATTEMPTS");
  }
}

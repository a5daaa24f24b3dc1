package dev.beacon.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AdminThrottleTest {

  private final AtomicLong now = new AtomicLong();
  private final AdminThrottle throttle = new AdminThrottle(3, Duration.ofMinutes(1), now::get);

  @Test
  @DisplayName(
      "after maxFailures in a window an address waits until the window that began with its first failure ends")
  void throttlesPerAddress() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
      throttle.failed("10.0.0.1");
      now.addAndGet(Duration.ofSeconds(10).toNanos());
    }
    assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(30);
    assertThat(throttle.retryAfterSeconds("10.0.0.2")).as("another address").isZero();
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(throttle.retryAfterSeconds("10.0.0.1")).as("the window passed").isZero();
  }

  @Test
  @DisplayName(
      "remembers at most MAX_ADDRESSES addresses: expired ones go first, then new ones share one window")
  void boundedMap() {
    for (int i = 0; i < AdminThrottle.MAX_ADDRESSES + 500; i++) {
      throttle.failed("a" + i);
    }
    assertThat(throttle.size()).isLessThanOrEqualTo(AdminThrottle.MAX_ADDRESSES + 1);
    for (int i = 0; i < 3; i++) {
      throttle.failed("yet-another-" + i);
    }
    assertThat(throttle.retryAfterSeconds("never-seen"))
        .as("past the cap, new addresses share a window")
        .isPositive();
    now.addAndGet(Duration.ofMinutes(2).toNanos());
    throttle.failed("fresh");
    assertThat(throttle.size()).as("expired entries dropped").isLessThanOrEqualTo(2);
    assertThat(throttle.retryAfterSeconds("never-seen")).isZero();
  }
}

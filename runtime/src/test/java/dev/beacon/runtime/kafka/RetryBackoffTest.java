package dev.beacon.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

  @Test
  @DisplayName("the wait doubles after every pause up to the maximum, and a success resets it")
  void doublesThenResets() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(1), Duration.ofMillis(5));

    assertThat(backoff.nextMillis()).isEqualTo(1);
    assertThat(backoff.pause()).isTrue();
    assertThat(backoff.nextMillis()).isEqualTo(2);
    assertThat(backoff.pause()).isTrue();
    assertThat(backoff.pause()).isTrue();
    assertThat(backoff.nextMillis()).isEqualTo(5);

    backoff.succeeded();
    assertThat(backoff.nextMillis()).isEqualTo(1);
  }

  @Test
  @DisplayName("the loops' default is 100 ms to 5 s")
  void defaults() {
    RetryBackoff backoff = new RetryBackoff();

    assertThat(backoff.nextMillis()).isEqualTo(100);
    assertThat(RetryBackoff.MAX).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("once stopped, a pause returns false at once: there is no retry")
  void stopEndsWaits() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofMinutes(10), Duration.ofMinutes(10));
    backoff.stop();

    long started = System.nanoTime();
    assertThat(backoff.pause()).isFalse();
    assertThat(backoff.pause()).isFalse();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(5);
  }
}

package dev.beacon.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.gateway.backend.Readiness;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.runtime.presence.PresenceReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A Kafka gateway's {@code /ready}: Kafka reachable and presence loaded, by the presence reader's
 * readiness rule.
 */
class PresenceAwareReadinessTest {

  private final ConsumeLoop presence =
      PresenceReader.loop(
          KafkaSettings.defaults("127.0.0.1:1"), "test", new PresenceView(), "test", () -> {});

  @Test
  @DisplayName(
      "not ready while presence loads, ready once loaded and Kafka is reachable, not ready once the reader"
          + " died")
  void waitsForPresence() {
    Readiness readiness = new PresenceAwareReadiness(Readiness.ALWAYS, presence, Topics.PRESENCE);
    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.reason()).contains("still reading " + Topics.PRESENCE);

    presence.ready().complete(null);
    assertThat(readiness.ready()).isTrue();
    assertThat(readiness.reason()).isEmpty();

    Readiness kafkaDown =
        new PresenceAwareReadiness(
            new Readiness() {
              @Override
              public boolean ready() {
                return false;
              }

              @Override
              public String reason() {
                return "Kafka unreachable";
              }
            },
            presence,
            Topics.PRESENCE);
    assertThat(kafkaDown.reason()).isEqualTo("Kafka unreachable");
    presence.closeUnstarted();
  }

  @Test
  @DisplayName("a reader that stopped before it loaded leaves the gateway not ready, saying so")
  void readerStopped() {
    presence.ready().completeExceptionally(new IllegalStateException("stopped"));
    Readiness readiness = new PresenceAwareReadiness(Readiness.ALWAYS, presence, Topics.PRESENCE);
    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.reason()).contains("restart the gateway");
    presence.closeUnstarted();
  }
}

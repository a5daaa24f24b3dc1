package dev.beacon.tools.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FixLogTest {

  private final FixLog log = new FixLog(100, 30, 1_764_480_000L);

  @Test
  @DisplayName("a relayed (device_id, ts) names the fix that device sent with that timestamp")
  void correlatesByDeviceAndTimestamp() {
    log.sent(42, 7, 123_456_789L);
    int fix = log.indexOf("b42", log.tsOf(7) * 1000);
    assertThat(fix).isEqualTo(log.index(42, 7));
    assertThat(log.sentNanos(fix)).isEqualTo(123_456_789L);
    assertThat(log.indexOf("b42", log.tsOf(7)))
        .as("seconds, from a server that keeps them")
        .isEqualTo(fix);
  }

  @Test
  @DisplayName("timestamps are unique per device: consecutive fixes are a second apart")
  void uniqueTimestamps() {
    assertThat(log.tsOf(1) - log.tsOf(0)).isEqualTo(1);
    assertThat(log.indexOf("b3", log.tsOf(0) * 1000))
        .isNotEqualTo(log.indexOf("b3", log.tsOf(1) * 1000));
  }

  @Test
  @DisplayName("fixes of other runs, unknown devices and foreign ids are no fix of this run")
  void rejectsForeignFixes() {
    assertThat(log.indexOf("b100", log.tsOf(0) * 1000)).isEqualTo(-1);
    assertThat(log.indexOf("b5", (log.tsOf(0) - 1) * 1000)).isEqualTo(-1);
    assertThat(log.indexOf("b5", log.tsOf(30) * 1000)).isEqualTo(-1);
    assertThat(log.indexOf("truck-5", log.tsOf(0) * 1000)).isEqualTo(-1);
    assertThat(log.indexOf("bx", log.tsOf(0) * 1000)).isEqualTo(-1);
    assertThat(log.indexOf(null, 0)).isEqualTo(-1);
  }

  @Test
  @DisplayName("acknowledged fixes are remembered")
  void remembersAcks() {
    log.acked(9, 29);
    assertThat(log.isAcked(log.index(9, 29))).isTrue();
    assertThat(log.isAcked(log.index(9, 28))).isFalse();
  }
}

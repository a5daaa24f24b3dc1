package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConflictLogTest {

  static List<ReceivedFix> conflicts(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new ReceivedFix(new GpsFix("d" + i, i, 1, 1, 0, "gw"), "beacon.gps", 0, i))
        .toList();
  }

  @Test
  @DisplayName(
      "the first conflicts are logged at once; a flood after them waits for the next line, counted")
  void oneLinePerInterval() {
    AtomicLong now = new AtomicLong();
    ConflictLog log = new ConflictLog(now::get);
    log.report(conflicts(3));
    assertThat(log.pending()).as("logged at once").isZero();
    for (int batch = 0; batch < 1_000; batch++) {
      now.addAndGet(Duration.ofMillis(5).toNanos());
      log.report(conflicts(100));
    }
    assertThat(log.pending()).as("held back within the interval").isEqualTo(100_000);
    now.addAndGet(ConflictLog.INTERVAL.toNanos());
    log.report(conflicts(1));
    assertThat(log.pending()).as("logged once the interval passed").isZero();
    log.report(List.of());
    assertThat(log.pending()).isZero();
  }
}

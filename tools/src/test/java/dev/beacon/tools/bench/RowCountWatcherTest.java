package dev.beacon.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RowCountWatcherTest {

  private static final Duration POLL = Duration.ofMillis(5);

  @Test
  @DisplayName(
      "waits until the new rows are stored and reports rows per second since the first fix")
  void reachesTheTarget() {
    AtomicLong stored = new AtomicLong(1_000);
    RowCountWatcher watcher = new RowCountWatcher(() -> stored.addAndGet(100), POLL);
    long baseline = watcher.currentRows();

    RowCountResult result =
        watcher.awaitRows(baseline, 1_000, System.nanoTime(), Duration.ofSeconds(10));

    assertThat(result.reached()).isTrue();
    assertThat(result.rows()).isGreaterThanOrEqualTo(baseline + 1_000);
    assertThat(result.rowsPerSecond()).isPositive();
    assertThat(result.summary()).contains("all 1000 rows stored");
  }

  @Test
  @DisplayName("gives up at the deadline when the rows never arrive")
  void stopsAtTheDeadline() {
    RowCountWatcher watcher = new RowCountWatcher(() -> 10, POLL);
    long start = System.nanoTime();

    RowCountResult result = watcher.awaitRows(10, 5, start, Duration.ofMillis(200));

    assertThat(result.reached()).isFalse();
    assertThat(result.rowsAdded()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(200), Duration.ofSeconds(3));
    assertThat(result.summary()).contains("only 0 of 5");
  }

  @Test
  @DisplayName("a failing count (ingestor not up yet) is retried")
  void retriesFailingPolls() {
    AtomicInteger polls = new AtomicInteger();
    RowCountWatcher watcher =
        new RowCountWatcher(
            () -> {
              if (polls.incrementAndGet() < 3) {
                throw new IllegalStateException("connection refused");
              }
              return 50;
            },
            POLL);

    RowCountResult result = watcher.awaitRows(0, 50, System.nanoTime(), Duration.ofSeconds(10));

    assertThat(result.reached()).isTrue();
    assertThat(result.lastError()).isNull();
  }
}

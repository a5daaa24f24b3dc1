package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.common.gps.GpsFix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruning fixes past the retention from a real SQLite file, in bounded transactions. */
class RetentionTest {

  static final long DAY = Duration.ofDays(1).toMillis();
  static final long NOW = 1_700_000_000_000L;

  @TempDir Path dir;
  SqliteFixStore store;

  @BeforeEach
  void open() {
    store = SqliteFixStore.open(dir.resolve("gps.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** {@code count} fixes of {@code device}, one a day back from {@code NOW}, the newest first. */
  private void daily(String device, int count) {
    List<GpsFix> fixes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      fixes.add(new GpsFix(device, NOW - i * DAY, 44.8, 20.4, NOW, "gw-1"));
    }
    store.insert(fixes);
  }

  @Test
  @DisplayName("a prune deletes at most its batch, oldest first, and says where to go on")
  void boundedBatch() {
    daily("a", 10);
    daily("b", 10);

    PruneOutcome first = store.prune(NOW - 4 * DAY, "", 4);

    assertThat(first.deleted()).isEqualTo(4);
    assertThat(first.next()).isEqualTo("a");
    assertThat(store.positions("a", 0, Long.MAX_VALUE, 100)).hasSize(6);
    PruneOutcome second = store.prune(NOW - 4 * DAY, first.next(), 4);
    assertThat(second.deleted()).isEqualTo(4);
    assertThat(second.next()).isEqualTo("b");
    PruneOutcome third = store.prune(NOW - 4 * DAY, second.next(), 4);
    assertThat(third.deleted()).isEqualTo(2);
    assertThat(third.finished()).isTrue();

    // Fixes at NOW-4d and newer stay: 5 per device.
    assertThat(store.positions("a", 0, Long.MAX_VALUE, 100))
        .hasSize(5)
        .allSatisfy(fix -> assertThat(fix.deviceTs()).isGreaterThanOrEqualTo(NOW - 4 * DAY));
    assertThat(store.device("a")).hasValueSatisfying(d -> assertThat(d.fixCount()).isEqualTo(5));
    assertThat(store.count()).isEqualTo(10);
  }

  @Test
  @DisplayName("a device whose every fix is pruned leaves the device list, with its conflicts")
  void wholeDevice() {
    daily("old", 3);
    daily("new", 1);
    store.insert(List.of(new GpsFix("old", NOW - 2 * DAY, 1.0, 1.0, NOW, "gw-2")));
    assertThat(store.conflicts("old", 0, 10)).hasSize(1);

    assertThat(store.prune(NOW + DAY, "", 100).deleted()).isEqualTo(4);

    assertThat(store.device("old")).isEmpty();
    assertThat(store.devices()).isEmpty();
    assertThat(store.conflicts("old", 0, 10)).isEmpty();
  }

  @Test
  @DisplayName("the pruner runs when due, batch after batch until done, then waits the interval")
  void prunerSchedule() {
    daily("a", 10);
    daily("b", 10);
    AtomicLong clock = new AtomicLong(NOW);
    IngestorStats stats = new IngestorStats();
    FixPruner pruner =
        new FixPruner(
            store,
            new RetentionConfig(Duration.ofDays(3).plusHours(1), 5, Duration.ofMinutes(1)),
            stats,
            clock::get);

    List<Integer> batches = new ArrayList<>();
    do {
      batches.add(pruner.pruneIfDue());
    } while (pruner.running());

    // Older than 3 days and an hour: 6 of each device's 10.
    assertThat(batches).containsExactly(5, 5, 2);
    assertThat(stats.fixesPruned()).isEqualTo(12);
    assertThat(store.count()).isEqualTo(8);
    daily("c", 10);
    assertThat(pruner.pruneIfDue()).as("not due before the interval").isZero();
    clock.addAndGet(Duration.ofMinutes(1).toMillis());
    assertThat(pruner.pruneIfDue()).isEqualTo(5);
  }

  @Test
  @DisplayName("off prunes nothing; a retention under a minute or a zero batch is refused")
  void config() {
    daily("a", 3);
    FixPruner off =
        new FixPruner(store, RetentionConfig.off(), new IngestorStats(), () -> NOW + 365 * DAY);
    assertThat(off.pruneIfDue()).isZero();
    assertThat(store.count()).isEqualTo(3);
    assertThatThrownBy(() -> RetentionConfig.keep(Duration.ofSeconds(30)))
        .hasMessageContaining("BEACON_RETENTION");
    assertThatThrownBy(() -> new RetentionConfig(Duration.ofDays(1), 0, Duration.ofMinutes(1)))
        .hasMessageContaining("BEACON_RETENTION_BATCH_ROWS");
  }
}

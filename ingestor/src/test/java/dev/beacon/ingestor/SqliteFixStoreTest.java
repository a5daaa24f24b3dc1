package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFixStoreTest {

  @TempDir Path dir;
  SqliteFixStore store;

  @BeforeEach
  void open() {
    store = SqliteFixStore.open(dir.resolve("nested/data/gps.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  static GpsFix fix(String device, long ts) {
    return new GpsFix(device, ts, 44.0 + ts / 1e6, 20.0 + ts / 1e6, ts + 7, "gw-1");
  }

  @Test
  @DisplayName(
      "writes with synchronous=FULL, records the current schema version, and refuses a store from a newer schema")
  void durabilityAndSchemaVersion() throws Exception {
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("nested/data/gps.db"));
        java.sql.Statement st = c.createStatement()) {
      java.sql.ResultSet version = st.executeQuery("PRAGMA user_version");
      assertThat(version.getInt(1)).isEqualTo(SqliteFixStore.SCHEMA_VERSION);
      st.execute("PRAGMA user_version = 99");
    }
    assertThat(store.synchronousMode()).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SqliteFixStore.open(dir.resolve("nested/data/gps.db")))
        .isInstanceOf(FixStoreException.class)
        .hasMessageContaining("schema version 99, newer than the " + SqliteFixStore.SCHEMA_VERSION);
  }

  @Test
  @DisplayName("open creates the parent directories and a WAL-mode database")
  void createsFileInWalMode() {
    store.insert(List.of(fix("a", 1)));

    assertThat(dir.resolve("nested/data/gps.db")).exists();
    assertThat(dir.resolve("nested/data/gps.db-wal")).exists();
  }

  @Test
  @DisplayName(
      "inserting the same batch twice stores it once and reports nothing new the second time")
  void insertIsIdempotent() {
    List<GpsFix> batch = List.of(fix("a", 3_000), fix("b", 1_000), fix("a", 1_000));

    assertThat(store.insert(batch)).isEqualTo(3);
    assertThat(store.insert(batch)).isZero();
    assertThat(store.count()).isEqualTo(3);
  }

  @Test
  @DisplayName(
      "a batch overlapping stored fixes, or repeating a fix, counts and stores only the new ones")
  void insertCountsOnlyNewFixes() {
    store.insert(List.of(fix("a", 1_000), fix("a", 2_000)));

    assertThat(
            store.insert(
                List.of(fix("a", 2_000), fix("a", 3_000), fix("b", 2_000), fix("a", 3_000))))
        .isEqualTo(2);
    assertThat(store.devices())
        .extracting(DeviceSummary::deviceId, DeviceSummary::fixCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 3L),
            org.assertj.core.groups.Tuple.tuple("b", 1L));
  }

  @Test
  @DisplayName("positions are the device's fixes within [from, to], oldest first, cut at the limit")
  void positionsRangeOrderAndLimit() {
    store.insert(
        List.of(
            fix("a", 5_000),
            fix("a", 1_000),
            fix("b", 3_000),
            fix("a", 3_000),
            fix("a", 4_000),
            fix("a", 2_000)));

    assertThat(store.positions("a", 2_000, 4_000, 100))
        .extracting(GpsFix::deviceTs)
        .containsExactly(2_000L, 3_000L, 4_000L);
    assertThat(store.positions("a", Long.MIN_VALUE, Long.MAX_VALUE, 2))
        .extracting(GpsFix::deviceTs)
        .containsExactly(1_000L, 2_000L);
    assertThat(store.positions("a", 6_000, 9_000, 100)).isEmpty();
    assertThat(store.positions("a", 3_000, 3_000, 100)).containsExactly(fix("a", 3_000));
  }

  @Test
  @DisplayName(
      "each device's latest fix is the one with the highest device time, whatever the arrival order")
  void devicesReportLatestByDeviceTime() {
    store.insert(List.of(fix("a", 5_000), fix("b", 1_000)));
    store.insert(List.of(fix("a", 4_000), fix("b", 2_000)));

    assertThat(store.devices())
        .containsExactly(
            new DeviceSummary("a", 2, fix("a", 5_000)), new DeviceSummary("b", 2, fix("b", 2_000)));
    assertThat(store.device("a")).contains(new DeviceSummary("a", 2, fix("a", 5_000)));
    assertThat(store.device("nobody")).isEmpty();
  }

  @Test
  @DisplayName("clear empties fixes and devices, and the store accepts the same fixes again")
  void clearEmptiesTheStore() {
    store.insert(List.of(fix("a", 1_000), fix("b", 1_000)));

    store.clear();

    assertThat(store.count()).isZero();
    assertThat(store.devices()).isEmpty();
    assertThat(store.insert(List.of(fix("a", 1_000)))).isEqualTo(1);
  }

  @Test
  @DisplayName("fixes survive closing and reopening the file")
  void reopenKeepsFixes() {
    store.insert(List.of(fix("a", 1_000)));
    store.close();

    store = SqliteFixStore.open(dir.resolve("nested/data/gps.db"));

    assertThat(store.count()).isEqualTo(1);
    assertThat(store.insert(List.of(fix("a", 1_000)))).isZero();
  }

  @Test
  @DisplayName("reads run while the writer commits, and always see whole batches")
  void readsRunConcurrentlyWithWrites() throws Exception {
    int batches = 40;
    int batchSize = 500;
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              for (int b = 0; b < batches; b++) {
                List<GpsFix> batch = new ArrayList<>();
                for (int d = 0; d < batchSize; d++) {
                  batch.add(fix("dev-" + d, b * 1_000L));
                }
                store.insert(batch);
              }
            });
    List<Long> seen = new ArrayList<>();
    while (!writer.isDone()) {
      seen.add(store.count());
      store.positions("dev-1", 0, Long.MAX_VALUE, 1_000);
    }
    writer.get(30, TimeUnit.SECONDS);

    assertThat(seen).isSorted().allMatch(count -> count % batchSize == 0);
    assertThat(store.count()).isEqualTo((long) batches * batchSize);
    assertThat(store.positions("dev-1", 0, Long.MAX_VALUE, 1_000)).hasSize(batches);
  }

  @Test
  @DisplayName("an empty batch writes nothing")
  void emptyBatch() throws Exception {
    assertThat(store.insert(List.of())).isZero();
    assertThat(Files.exists(store.file())).isTrue();
  }
}

package dev.beacon.ingestor.geofence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.ingestor.SqliteFixStore;
import dev.beacon.runtime.geofence.GeofenceDirectory;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage inside real SQLite transactions of the fix store. */
class GeofenceStageTest {

  @TempDir Path dir;

  private final GeofenceDirectory fences = new GeofenceDirectory();

  private SqliteFixStore open() {
    fences.apply(FenceJudgeTest.ZONE);
    return SqliteFixStore.open(dir.resolve("gps.db"), new GeofenceStage(fences, () -> 7));
  }

  private List<String> events() throws SQLException {
    try (GeofenceEventLog log = GeofenceEventLog.open(dir.resolve("gps.db"))) {
      return log.events(null, Long.MIN_VALUE, Long.MAX_VALUE, 0, 100).stream()
          .map(e -> e.event().kind().wire() + "@" + e.event().deviceTs())
          .toList();
    }
  }

  @Test
  @DisplayName("events are written with their fixes and state survives a reopened store")
  void survivesRestart() throws SQLException {
    try (SqliteFixStore store = open()) {
      store.insert(List.of(FenceJudgeTest.at(1, FenceJudgeTest.OUT), FenceJudgeTest.at(2, 0)));
    }
    try (SqliteFixStore store = open()) {
      store.insert(List.of(FenceJudgeTest.at(3, 0), FenceJudgeTest.at(4, FenceJudgeTest.OUT)));
    }
    assertThat(events()).containsExactly("enter@2", "exit@4");
  }

  @Test
  @DisplayName("a replayed batch adds nothing; a rebuild (clear, then the same fixes) adds nothing")
  void replayAndRebuild() throws SQLException {
    List<GpsFix> fixes =
        List.of(
            FenceJudgeTest.at(1, FenceJudgeTest.OUT),
            FenceJudgeTest.at(2, 0),
            FenceJudgeTest.at(3, FenceJudgeTest.OUT));
    try (SqliteFixStore store = open()) {
      store.insert(fixes);
      store.insert(fixes);
      assertThat(events()).containsExactly("enter@2", "exit@3");
      store.clear();
      // Cut into other batches than the first time: the same events, no new row.
      store.insert(fixes.subList(0, 2));
      store.insert(fixes.subList(2, 3));
    }
    assertThat(events()).containsExactly("enter@2", "exit@3");
    try (GeofenceEventLog log = GeofenceEventLog.open(dir.resolve("gps.db"))) {
      assertThat(log.unpublished(10)).hasSize(2);
      log.markPublished(log.unpublished(10).get(1).seq());
      assertThat(log.unpublished(10)).isEmpty();
    }
  }

  @Test
  @DisplayName("within one batch, fixes are judged in Kafka's order, not the store's sort")
  void kafkaOrder() throws SQLException {
    try (SqliteFixStore store = open()) {
      // ts 5 inside arrives first; ts 3 outside arrives late and must not flip the state.
      store.insert(List.of(FenceJudgeTest.at(5, 0), FenceJudgeTest.at(3, FenceJudgeTest.OUT)));
    }
    assertThat(events()).containsExactly("enter@5");
  }
}

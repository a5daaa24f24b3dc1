package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by schema version 1 (before conflicts were recorded) opens, keeps its fixes and
 * gains conflicts.
 */
class SchemaMigrationTest {

  /** The DDL of schema version 1, exactly as Beacon wrote it before version 2. */
  static final String[] VERSION_1 = {
    "CREATE TABLE IF NOT EXISTS gps_fix (device_id TEXT NOT NULL, device_ts INTEGER NOT NULL,"
        + " lat REAL NOT NULL, lon REAL NOT NULL, received_at INTEGER NOT NULL, gateway TEXT NOT NULL,"
        + " PRIMARY KEY (device_id, device_ts)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS device_latest (device_id TEXT NOT NULL PRIMARY KEY,"
        + " device_ts INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, received_at INTEGER NOT NULL,"
        + " gateway TEXT NOT NULL, fix_count INTEGER NOT NULL) WITHOUT ROWID",
    "PRAGMA user_version = 1",
    "INSERT INTO gps_fix VALUES ('32', 1000, 44.8, 20.4, 1005, 'gw-1')",
    "INSERT INTO device_latest VALUES ('32', 1000, 44.8, 20.4, 1005, 'gw-1', 1)"
  };

  @TempDir Path dir;

  @Test
  @DisplayName(
      "a version-1 file is migrated to the current version, keeps its fixes and records conflicts")
  void migratesFromVersion1() throws SQLException {
    Path file = dir.resolve("gps.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (String sql : VERSION_1) {
        st.execute(sql);
      }
    }

    try (SqliteFixStore store = SqliteFixStore.open(file)) {
      assertThat(store.count()).isEqualTo(1);
      assertThat(store.insert(List.of(new GpsFix("32", 1000, 45.0, 21.0, 2000, "gw-2")))).isZero();
      assertThat(store.conflicts("32", 0, 10))
          .singleElement()
          .satisfies(c -> assertThat(c.storedLat()).isEqualTo(44.8));
    }
    assertThat(userVersion(file)).isEqualTo(SqliteFixStore.SCHEMA_VERSION);
    try (SqliteFixStore again = SqliteFixStore.open(file)) {
      assertThat(again.conflicts(null, 0, 10)).hasSize(1);
    }
  }

  /** Version 2 (today's schema before geofences): version 1 plus the conflicts. */
  static final String[] VERSION_2 = {
    VERSION_1[0],
    VERSION_1[1],
    SchemaVersion.CREATE_CONFLICTS,
    SchemaVersion.CONFLICT_KEY,
    SchemaVersion.CONFLICTS_BY_DEVICE,
    "PRAGMA user_version = 2",
    VERSION_1[3],
    VERSION_1[4]
  };

  @Test
  @DisplayName("a version-2 file is migrated in place: fixes kept, geofence tables added and used")
  void migratesFromVersion2() throws SQLException {
    Path file = dir.resolve("gps.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (String sql : VERSION_2) {
        st.execute(sql);
      }
    }
    dev.beacon.runtime.geofence.GeofenceDirectory fences =
        new dev.beacon.runtime.geofence.GeofenceDirectory();
    fences.apply(
        new dev.beacon.common.geofence.Geofence(
            "zone",
            "Zone",
            new dev.beacon.common.geofence.FenceShape.Circle(44.8, 20.4, 500),
            0,
            0));
    try (SqliteFixStore store =
        SqliteFixStore.open(
            file, new dev.beacon.ingestor.geofence.GeofenceStage(fences, () -> 1))) {
      assertThat(store.count()).isEqualTo(1);
      store.insert(List.of(new GpsFix("32", 2000, 44.8, 20.4, 2005, "gw-1")));
    }
    assertThat(userVersion(file)).isEqualTo(SqliteFixStore.SCHEMA_VERSION);
    try (dev.beacon.ingestor.geofence.GeofenceEventLog log =
        dev.beacon.ingestor.geofence.GeofenceEventLog.open(file)) {
      assertThat(log.events("32", 0, Long.MAX_VALUE, 0, 10)).hasSize(1);
    }
  }

  static int userVersion(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      return rs.getInt(1);
    }
  }
}

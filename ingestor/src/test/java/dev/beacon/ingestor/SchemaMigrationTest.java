package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.geofence.FenceShape;
import dev.beacon.common.geofence.Geofence;
import dev.beacon.common.gps.FixDetails;
import dev.beacon.common.gps.GpsFix;
import dev.beacon.ingestor.geofence.GeofenceEventLog;
import dev.beacon.ingestor.geofence.GeofenceStage;
import dev.beacon.runtime.geofence.GeofenceDirectory;
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

  /** The DDL of schema version 2, exactly as Beacon wrote it before fixes had details. */
  static final String[] VERSION_2 = {
    VERSION_1[0],
    VERSION_1[1],
    "CREATE TABLE IF NOT EXISTS gps_conflict (id INTEGER PRIMARY KEY,"
        + " device_id TEXT NOT NULL, device_ts INTEGER NOT NULL, stored_lat REAL NOT NULL, stored_lon REAL NOT NULL,"
        + " refused_lat REAL NOT NULL, refused_lon REAL NOT NULL, gateway TEXT NOT NULL, received_at INTEGER NOT NULL,"
        + " kafka_topic TEXT NOT NULL, kafka_partition INTEGER NOT NULL, kafka_offset INTEGER NOT NULL,"
        + " detected_at INTEGER NOT NULL)",
    "CREATE UNIQUE INDEX IF NOT EXISTS gps_conflict_key"
        + " ON gps_conflict (device_id, device_ts, refused_lat, refused_lon)",
    "CREATE INDEX IF NOT EXISTS gps_conflict_device ON gps_conflict (device_id, id)",
    "PRAGMA user_version = 2",
    "INSERT INTO gps_fix VALUES ('32', 1000, 44.8, 20.4, 1005, 'gw-1')",
    "INSERT INTO gps_fix VALUES ('32', 2000, 44.9, 20.5, 2005, 'gw-1')",
    "INSERT INTO device_latest VALUES ('32', 2000, 44.9, 20.5, 2005, 'gw-1', 2)"
  };

  @TempDir Path dir;

  @Test
  @DisplayName(
      "a version-2 file gains the detail columns in place: old fixes read without details,"
          + " new ones keep theirs, and the device's latest fix carries them")
  void migratesFromVersion2() throws SQLException {
    Path file = dir.resolve("gps.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (String sql : VERSION_2) {
        st.execute(sql);
      }
    }
    FixDetails details =
        FixDetails.builder()
            .speed(12.5)
            .course(270.0)
            .altitude(118.0)
            .accuracy(4.5)
            .battery(87.0)
            .attribute("motion", true)
            .attribute("odometer", 12345L)
            .attribute("event", "start")
            .build();
    GpsFix detailed = new GpsFix("32", 3000, 45.0, 20.6, 3005, "gw-2", details);

    try (SqliteFixStore store = SqliteFixStore.open(file)) {
      assertThat(store.positions("32", 0, 2000, 10))
          .containsExactly(
              new GpsFix("32", 1000, 44.8, 20.4, 1005, "gw-1"),
              new GpsFix("32", 2000, 44.9, 20.5, 2005, "gw-1"))
          .allSatisfy(fix -> assertThat(fix.details()).isSameAs(FixDetails.NONE));
      assertThat(store.insert(List.of(detailed))).isEqualTo(1);
    }
    assertThat(userVersion(file)).isEqualTo(SqliteFixStore.SCHEMA_VERSION).isEqualTo(4);
    try (SqliteFixStore again = SqliteFixStore.open(file)) {
      assertThat(again.positions("32", 3000, 3000, 10)).containsExactly(detailed);
      assertThat(again.device("32"))
          .hasValueSatisfying(
              device -> {
                assertThat(device.fixCount()).isEqualTo(3);
                assertThat(device.latest()).isEqualTo(detailed);
              });
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT attributes FROM gps_fix WHERE device_ts = 3000")) {
      assertThat(rs.getString(1))
          .isEqualTo("{\"motion\":true,\"odometer\":12345,\"event\":\"start\"}");
    }
  }

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

  /** Version 2 with one fix: version 1 plus the conflicts. */
  static final String[] VERSION_2_ONE_FIX = {
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
  void geofencesOnVersion2() throws SQLException {
    Path file = dir.resolve("gps.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (String sql : VERSION_2_ONE_FIX) {
        st.execute(sql);
      }
    }
    GeofenceDirectory fences = new GeofenceDirectory();
    fences.apply(new Geofence("zone", "Zone", new FenceShape.Circle(44.8, 20.4, 500), 0, 0));
    try (SqliteFixStore store = SqliteFixStore.open(file, new GeofenceStage(fences, () -> 1))) {
      assertThat(store.count()).isEqualTo(1);
      store.insert(List.of(new GpsFix("32", 2000, 44.8, 20.4, 2005, "gw-1")));
    }
    assertThat(userVersion(file)).isEqualTo(SqliteFixStore.SCHEMA_VERSION);
    try (GeofenceEventLog log = GeofenceEventLog.open(file)) {
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

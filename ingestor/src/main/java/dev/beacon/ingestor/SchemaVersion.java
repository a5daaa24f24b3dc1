package dev.beacon.ingestor;

import dev.beacon.ingestor.geofence.GeofenceStage;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema version of a GPS store ({@code PRAGMA user_version}), checked before the schema is
 * applied: a new file (0) gets the current schema; an older file is migrated step by step, in one
 * transaction; a file written by a newer Beacon is refused, rather than written to by code that
 * does not know its tables.
 *
 * <ul>
 *   <li>1: {@code gps_fix} and {@code device_latest}
 *   <li>2: adds {@code gps_conflict}, the fixes refused because their key was stored with other
 *       coordinates
 *   <li>3: adds the details of a fix (issue 20) to {@code gps_fix} and {@code device_latest}:
 *       nullable {@code speed}, {@code course}, {@code altitude}, {@code accuracy}, {@code battery}
 *       and {@code attributes} (a JSON object); a fix stored before has none of them
 *   <li>4: adds the geofence tables ({@link GeofenceStage#SCHEMA}): each device's state against the
 *       fences and the events, which are also the outbox of {@code beacon.geofence-events}
 * </ul>
 */
final class SchemaVersion {

  private static final Logger log = LoggerFactory.getLogger(SchemaVersion.class);

  static final String CREATE_CONFLICTS =
      "CREATE TABLE IF NOT EXISTS gps_conflict (id INTEGER PRIMARY KEY,"
          + " device_id TEXT NOT NULL, device_ts INTEGER NOT NULL, stored_lat REAL NOT NULL, stored_lon REAL NOT NULL,"
          + " refused_lat REAL NOT NULL, refused_lon REAL NOT NULL, gateway TEXT NOT NULL, received_at INTEGER NOT NULL,"
          + " kafka_topic TEXT NOT NULL, kafka_partition INTEGER NOT NULL, kafka_offset INTEGER NOT NULL,"
          + " detected_at INTEGER NOT NULL)";

  /**
   * One row per refused position: a replay of the same record, or the same fix sent twice, adds
   * nothing.
   */
  static final String CONFLICT_KEY =
      "CREATE UNIQUE INDEX IF NOT EXISTS gps_conflict_key"
          + " ON gps_conflict (device_id, device_ts, refused_lat, refused_lon)";

  static final String CONFLICTS_BY_DEVICE =
      "CREATE INDEX IF NOT EXISTS gps_conflict_device" + " ON gps_conflict (device_id, id)";

  /**
   * The columns of a fix's details, in the order of every statement: all nullable (null = not
   * reported), so adding them rewrites no row.
   */
  static final String DETAIL_COLUMNS =
      "speed REAL, course REAL, altitude REAL, accuracy REAL, battery REAL, attributes TEXT";

  /** {@code STEPS[v - 1]} takes a file from version v to v + 1. */
  private static final String[][] STEPS = {
    {CREATE_CONFLICTS, CONFLICT_KEY, CONFLICTS_BY_DEVICE},
    addDetailColumns(),
    GeofenceStage.SCHEMA.toArray(String[]::new),
  };

  private static String[] addDetailColumns() {
    List<String> ddl = new ArrayList<>();
    for (String table : List.of("gps_fix", "device_latest")) {
      for (String column : DETAIL_COLUMNS.split(", ")) {
        ddl.add("ALTER TABLE " + table + " ADD COLUMN " + column);
      }
    }
    return ddl.toArray(String[]::new);
  }

  private SchemaVersion() {}

  /**
   * @return the file's version: 0 for a new file, else at most {@code current}
   */
  static int check(Statement st, Path dbFile, int current) throws SQLException {
    int found;
    try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      found = rs.next() ? rs.getInt(1) : 0;
    }
    if (found > current) {
      throw new FixStoreException(
          dbFile.toAbsolutePath()
              + " has schema version "
              + found
              + ", newer than the "
              + current
              + " this Beacon knows: run the Beacon version that wrote it, or move the file away and rebuild "
              + "the store from beacon.gps (beacon ingestor --rebuild)",
          null);
    }
    if (found == 0 && hasTable(st, "gps_fix") && hasTable(st, "device_latest")) {
      return 1; // the first schema, written before Beacon set user_version
    }
    if (found == 0 && hasTable(st, "gps_fix")) {
      throw new FixStoreException(
          dbFile.toAbsolutePath()
              + " holds a gps_fix table of no known schema version: "
              + "move it away and rebuild the store from beacon.gps (beacon ingestor --rebuild)",
          null);
    }
    return found;
  }

  /** Brings a file of version {@code found} (1 or more) to {@code current}, all steps or none. */
  static void migrate(Statement st, Path dbFile, int found, int current) throws SQLException {
    if (found == current) {
      return;
    }
    st.execute("BEGIN IMMEDIATE");
    try {
      for (int version = found; version < current; version++) {
        for (String ddl : STEPS[version - 1]) {
          st.execute(ddl);
        }
      }
      st.execute("PRAGMA user_version = " + current);
      st.execute("COMMIT");
    } catch (SQLException e) {
      st.execute("ROLLBACK");
      throw new FixStoreException(
          "could not migrate "
              + dbFile.toAbsolutePath()
              + " from schema version "
              + found
              + " to "
              + current
              + ": "
              + e.getMessage()
              + "; the file is unchanged. Check free disk space and write "
              + "permission, or move it away and rebuild the store from beacon.gps (beacon ingestor --rebuild)",
          e);
    }
    log.info("migrated {} from schema version {} to {}", dbFile.toAbsolutePath(), found, current);
  }

  private static boolean hasTable(Statement st, String name) throws SQLException {
    try (ResultSet rs =
        st.executeQuery(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'")) {
      return rs.next();
    }
  }
}

package dev.beacon.ingestor;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The schema version of a GPS store ({@code PRAGMA user_version}), checked before the schema is applied: a new file
 * (0) gets the current schema; a file of this version opens; a file written by a newer Beacon is refused, rather than
 * written to by code that does not know its tables. Versions older than the current one would be migrated here; there
 * is none yet (version 1 is the first).
 */
final class SchemaVersion {

  private SchemaVersion() {
  }

  static void check(Statement st, Path dbFile, int current) throws SQLException {
    int found;
    try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      found = rs.next() ? rs.getInt(1) : 0;
    }
    if (found > current) {
      throw new FixStoreException(dbFile.toAbsolutePath() + " has schema version " + found + ", newer than the "
          + current + " this Beacon knows: run the Beacon version that wrote it, or move the file away and rebuild "
          + "the store from beacon.gps (beacon ingestor --rebuild)", null);
    }
    if (found == 0 && hasTable(st, "gps_fix") && !hasTable(st, "device_latest")) {
      throw new FixStoreException(dbFile.toAbsolutePath() + " holds a gps_fix table of no known schema version: "
          + "move it away and rebuild the store from beacon.gps (beacon ingestor --rebuild)", null);
    }
  }

  private static boolean hasTable(Statement st, String name) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'")) {
      return rs.next();
    }
  }
}

package dev.beacon.it.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads a gps.db file directly with JDBC, as {@code sqlite3} would: what is really on disk. */
public final class GpsDb {

  private GpsDb() {}

  public static long rows(Path dbFile) {
    return queryLong(dbFile, "SELECT COUNT(*) FROM gps_fix");
  }

  /** Rows whose (device_id, device_ts) appears more than once: must always be zero. */
  public static long duplicateKeys(Path dbFile) {
    return queryLong(
        dbFile,
        "SELECT COUNT(*) FROM (SELECT device_id, device_ts FROM gps_fix GROUP BY 1, 2 HAVING COUNT(*) > 1)");
  }

  /** An order-independent fingerprint of the stored fixes, to compare two stores. */
  public static long fingerprint(Path dbFile) {
    return queryLong(
        dbFile,
        "SELECT TOTAL((device_ts % 1000003) * 7 + CAST(lat * 1e6 AS INTEGER) + CAST(lon * 1e6 AS INTEGER) * 3 "
            + "+ LENGTH(device_id)) FROM gps_fix");
  }

  public static long queryLong(Path dbFile, String sql) {
    if (!dbFile.toFile().exists()) {
      return 0;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile + "?open_mode=1");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("no such table")) {
        return 0;
      }
      throw new AssertionError("query on " + dbFile + " failed: " + e.getMessage(), e);
    }
  }
}

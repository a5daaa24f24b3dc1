package dev.beacon.it.faults;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * The fault suite's fixes as stored in a gps.db, read with JDBC: keys {@code device|ts}, as {@link
 * DeviceFleet}.
 */
final class StoredFixes {

  private StoredFixes() {}

  static Set<String> keys(Path db) {
    Set<String> keys = new HashSet<>();
    query(
        db,
        "SELECT device_id || '|' || device_ts FROM gps_fix WHERE device_id LIKE 'fault-dev-%'",
        rs -> {
          while (rs.next()) {
            keys.add(rs.getString(1));
          }
        });
    return keys;
  }

  /** Whether a fix with a device timestamp at or after {@code wallMillis} is stored. */
  static boolean anySince(Path db, long wallMillis) {
    boolean[] found = {false};
    query(
        db,
        "SELECT 1 FROM gps_fix WHERE device_id LIKE 'fault-dev-%' AND device_ts >= "
            + wallMillis
            + " LIMIT 1",
        rs -> found[0] = rs.next());
    return found[0];
  }

  private interface Reader {
    void read(ResultSet rs) throws SQLException;
  }

  private static void query(Path db, String sql, Reader reader) {
    if (!db.toFile().exists()) {
      return;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?open_mode=1");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      reader.read(rs);
    } catch (SQLException e) {
      if (e.getMessage() == null || !e.getMessage().contains("no such table")) {
        throw new AssertionError("query on " + db + " failed: " + e.getMessage(), e);
      }
    }
  }
}

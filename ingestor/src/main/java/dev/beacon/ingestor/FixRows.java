package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Maps fixes to and from JDBC parameters and rows, in the column order every statement of {@link
 * SqliteFixStore} uses: device_id, device_ts, lat, lon, received_at, gateway (then fix_count).
 */
final class FixRows {

  private FixRows() {}

  static void bind(PreparedStatement statement, GpsFix fix) throws SQLException {
    statement.setString(1, fix.deviceId());
    statement.setLong(2, fix.deviceTs());
    statement.setDouble(3, fix.lat());
    statement.setDouble(4, fix.lon());
    statement.setLong(5, fix.receivedAt());
    statement.setString(6, fix.gateway());
  }

  /**
   * The parameters of the conflict statement: ?1-?4 the refused fix's key and coordinates, then
   * where it came from.
   */
  static void bindConflict(PreparedStatement statement, ReceivedFix received, long detectedAt)
      throws SQLException {
    GpsFix fix = received.fix();
    statement.setString(1, fix.deviceId());
    statement.setLong(2, fix.deviceTs());
    statement.setDouble(3, fix.lat());
    statement.setDouble(4, fix.lon());
    statement.setString(5, fix.gateway());
    statement.setLong(6, fix.receivedAt());
    statement.setString(7, received.topic());
    statement.setInt(8, received.partition());
    statement.setLong(9, received.offset());
    statement.setLong(10, detectedAt);
  }

  static FixConflict conflict(ResultSet row) throws SQLException {
    return new FixConflict(
        row.getLong(1),
        row.getString(2),
        row.getLong(3),
        row.getDouble(4),
        row.getDouble(5),
        row.getDouble(6),
        row.getDouble(7),
        row.getString(8),
        row.getLong(9),
        row.getString(10),
        row.getInt(11),
        row.getLong(12),
        row.getLong(13));
  }

  static GpsFix fix(ResultSet row) throws SQLException {
    return new GpsFix(
        row.getString(1),
        row.getLong(2),
        row.getDouble(3),
        row.getDouble(4),
        row.getLong(5),
        row.getString(6));
  }

  static DeviceSummary summary(ResultSet row) throws SQLException {
    return new DeviceSummary(row.getString(1), row.getLong(7), fix(row));
  }
}

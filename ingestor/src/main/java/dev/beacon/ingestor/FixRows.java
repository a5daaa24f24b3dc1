package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Maps fixes to and from JDBC parameters and rows, in the column order every statement of
 * {@link SqliteFixStore} uses: device_id, device_ts, lat, lon, received_at, gateway (then fix_count).
 */
final class FixRows {

  private FixRows() {
  }

  static void bind(PreparedStatement statement, GpsFix fix) throws SQLException {
    statement.setString(1, fix.deviceId());
    statement.setLong(2, fix.deviceTs());
    statement.setDouble(3, fix.lat());
    statement.setDouble(4, fix.lon());
    statement.setLong(5, fix.receivedAt());
    statement.setString(6, fix.gateway());
  }

  static GpsFix fix(ResultSet row) throws SQLException {
    return new GpsFix(row.getString(1), row.getLong(2), row.getDouble(3), row.getDouble(4), row.getLong(5),
        row.getString(6));
  }

  static DeviceSummary summary(ResultSet row) throws SQLException {
    return new DeviceSummary(row.getString(1), row.getLong(7), fix(row));
  }
}

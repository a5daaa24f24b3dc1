package dev.beacon.ingestor;

import dev.beacon.common.gps.FixAttributes;
import dev.beacon.common.gps.FixDetails;
import dev.beacon.common.gps.GpsFix;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Maps fixes to and from JDBC parameters and rows, in the column order every statement of {@link
 * SqliteFixStore} uses ({@link SqliteFixStore#FIX_COLUMNS}): device_id, device_ts, lat, lon,
 * received_at, gateway, then the details speed, course, altitude, accuracy, battery and attributes
 * (a JSON object), each null when not reported (then fix_count).
 */
final class FixRows {

  /** Parameters bound, and columns read, per fix. */
  static final int COLUMNS = 12;

  private FixRows() {}

  static void bind(PreparedStatement statement, GpsFix fix) throws SQLException {
    statement.setString(1, fix.deviceId());
    statement.setLong(2, fix.deviceTs());
    statement.setDouble(3, fix.lat());
    statement.setDouble(4, fix.lon());
    statement.setLong(5, fix.receivedAt());
    statement.setString(6, fix.gateway());
    FixDetails details = fix.details();
    setNullable(statement, 7, details.speed());
    setNullable(statement, 8, details.course());
    setNullable(statement, 9, details.altitude());
    setNullable(statement, 10, details.accuracy());
    setNullable(statement, 11, details.battery());
    String attributes = FixAttributes.encode(details.attributes());
    if (attributes == null) {
      statement.setNull(12, Types.VARCHAR);
    } else {
      statement.setString(12, attributes);
    }
  }

  private static void setNullable(PreparedStatement statement, int index, Double value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.REAL);
    } else {
      statement.setDouble(index, value);
    }
  }

  private static Double nullable(ResultSet row, int index) throws SQLException {
    double value = row.getDouble(index);
    return row.wasNull() ? null : value;
  }

  static FixDetails details(ResultSet row) throws SQLException {
    return FixDetails.builder()
        .speed(nullable(row, 7))
        .course(nullable(row, 8))
        .altitude(nullable(row, 9))
        .accuracy(nullable(row, 10))
        .battery(nullable(row, 11))
        .attributes(FixAttributes.decode(row.getString(12)))
        .build();
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
        row.getString(6),
        details(row));
  }

  static DeviceSummary summary(ResultSet row) throws SQLException {
    return new DeviceSummary(row.getString(1), row.getLong(COLUMNS + 1), fix(row));
  }
}

package dev.beacon.ingestor.geofence;

import dev.beacon.common.geofence.GeofenceEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The events already stored in {@code geofence_event}, over a connection of its own: the outbox's
 * reads and marks ({@link GeofenceOutbox}) and the API's lists. Its writes are single-row updates
 * that wait for the fix writer's transaction (SQLite's busy timeout) rather than fail. Thread-safe.
 */
public final class GeofenceEventLog implements AutoCloseable {

  private static final String COLUMNS =
      "seq, id, device_id, fence_id, fence_name, kind, device_ts, lat, lon, detected_at";
  private static final String UNPUBLISHED =
      "SELECT " + COLUMNS + " FROM geofence_event WHERE published = 0 ORDER BY seq LIMIT ?";
  private static final String MARK =
      "UPDATE geofence_event SET published = 1 WHERE published = 0 AND seq <= ?";
  private static final String BY_DEVICE =
      "SELECT "
          + COLUMNS
          + " FROM geofence_event WHERE device_id = ? AND device_ts BETWEEN ? AND ? AND seq > ?"
          + " ORDER BY seq LIMIT ?";
  private static final String ALL =
      "SELECT "
          + COLUMNS
          + " FROM geofence_event WHERE device_ts BETWEEN ? AND ? AND seq > ? ORDER BY seq LIMIT ?";

  private final Path file;
  private final Connection connection;

  private GeofenceEventLog(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** A connection to the store {@code dbFile}, which the fix store has created already. */
  public static GeofenceEventLog open(Path dbFile) {
    try {
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
      try (Statement st = connection.createStatement()) {
        st.execute("PRAGMA busy_timeout = 10000");
        st.execute("PRAGMA synchronous = FULL");
      }
      return new GeofenceEventLog(dbFile, connection);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not open the geofence events of " + dbFile + ": " + e.getMessage(), e);
    }
  }

  /** The oldest {@code limit} events not yet in Kafka, in the order they were stored. */
  public synchronized List<StoredEvent> unpublished(int limit) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(UNPUBLISHED)) {
      st.setInt(1, limit);
      return rows(st);
    }
  }

  /** Marks every event up to {@code seq} as in Kafka. */
  public synchronized void markPublished(long seq) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(MARK)) {
      st.setLong(1, seq);
      st.executeUpdate();
    }
  }

  /**
   * At most {@code limit} events with a device timestamp in {@code [fromTs, toTs]} (epoch seconds)
   * stored after {@code afterSeq}, of {@code deviceId} or of every device when it is null, in the
   * order they were stored.
   */
  public synchronized List<StoredEvent> events(
      String deviceId, long fromTs, long toTs, long afterSeq, int limit) {
    try (PreparedStatement st = connection.prepareStatement(deviceId == null ? ALL : BY_DEVICE)) {
      int i = 1;
      if (deviceId != null) {
        st.setString(i++, deviceId);
      }
      st.setLong(i++, fromTs);
      st.setLong(i++, toTs);
      st.setLong(i++, afterSeq);
      st.setInt(i, limit);
      return rows(st);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not read the geofence events of " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<StoredEvent> rows(PreparedStatement st) throws SQLException {
    List<StoredEvent> rows = new ArrayList<>();
    try (ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new StoredEvent(
                rs.getLong(1),
                new GeofenceEvent(
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    GeofenceEvent.Kind.ofWire(rs.getString(6)),
                    rs.getLong(7),
                    rs.getDouble(8),
                    rs.getDouble(9),
                    rs.getLong(10))));
      }
    }
    return rows;
  }

  public String describe() {
    return file.toString();
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing: nothing is left to protect.
    }
  }
}

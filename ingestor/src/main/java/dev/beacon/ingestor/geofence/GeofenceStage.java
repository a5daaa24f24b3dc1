package dev.beacon.ingestor.geofence;

import dev.beacon.common.geofence.Geofence;
import dev.beacon.common.geofence.GeofenceEvent;
import dev.beacon.common.gps.GpsFix;
import dev.beacon.runtime.geofence.GeofenceDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The geofence part of a fix batch's SQLite transaction: the store hands it the fixes the batch
 * newly stored, and it judges them ({@link FenceJudge}) against the fences of the directory,
 * updates each device's state and writes the events, all before the store commits. Fixes, state and
 * events are therefore committed together, or not at all: a crash re-reads the batch from Kafka and
 * judges it again from the state it was judged from. An event row is written with {@code published
 * = 0}, which makes the table the outbox that {@link GeofenceOutbox} drains to Kafka.
 *
 * <p>The tables (schema version of this step in {@code SchemaVersion}):
 *
 * <ul>
 *   <li>{@code geofence_device}: per device, the device timestamp of the newest fix judged
 *   <li>{@code geofence_inside}: the fences each device is inside
 *   <li>{@code geofence_event}: every enter and exit, unique by its deterministic id, so a replay
 *       or a rebuild that derives an event again adds no row and publishes nothing twice
 * </ul>
 *
 * Without fences, a batch costs nothing here.
 */
public final class GeofenceStage {

  public static final String CREATE_DEVICE =
      "CREATE TABLE IF NOT EXISTS geofence_device (device_id TEXT NOT NULL PRIMARY KEY,"
          + " judged_ts INTEGER NOT NULL) WITHOUT ROWID";
  public static final String CREATE_INSIDE =
      "CREATE TABLE IF NOT EXISTS geofence_inside (device_id TEXT NOT NULL, fence_id TEXT NOT NULL,"
          + " since_ts INTEGER NOT NULL, PRIMARY KEY (device_id, fence_id)) WITHOUT ROWID";
  public static final String CREATE_EVENT =
      "CREATE TABLE IF NOT EXISTS geofence_event (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
          + " device_id TEXT NOT NULL, fence_id TEXT NOT NULL, fence_name TEXT NOT NULL, kind TEXT NOT NULL,"
          + " device_ts INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, detected_at INTEGER NOT NULL,"
          + " published INTEGER NOT NULL DEFAULT 0)";
  public static final String EVENTS_BY_DEVICE =
      "CREATE INDEX IF NOT EXISTS geofence_event_device ON geofence_event (device_id, device_ts)";
  public static final String UNPUBLISHED =
      "CREATE INDEX IF NOT EXISTS geofence_event_unpublished ON geofence_event (seq)"
          + " WHERE published = 0";

  /** The DDL of the geofence tables, in order. */
  public static final List<String> SCHEMA =
      List.of(CREATE_DEVICE, CREATE_INSIDE, CREATE_EVENT, EVENTS_BY_DEVICE, UNPUBLISHED);

  private static final String SELECT_JUDGED =
      "SELECT judged_ts FROM geofence_device WHERE device_id = ?";
  private static final String SELECT_INSIDE =
      "SELECT fence_id, since_ts FROM geofence_inside WHERE device_id = ?";
  private static final String UPSERT_JUDGED =
      "INSERT INTO geofence_device (device_id, judged_ts) VALUES (?, ?)"
          + " ON CONFLICT (device_id) DO UPDATE SET judged_ts = excluded.judged_ts";
  private static final String INSERT_INSIDE =
      "INSERT OR REPLACE INTO geofence_inside (device_id, fence_id, since_ts) VALUES (?, ?, ?)";
  private static final String DELETE_INSIDE =
      "DELETE FROM geofence_inside WHERE device_id = ? AND fence_id = ?";
  private static final String INSERT_EVENT =
      "INSERT OR IGNORE INTO geofence_event (id, device_id, fence_id, fence_name, kind, device_ts,"
          + " lat, lon, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final GeofenceDirectory directory;
  private final LongSupplier clock;

  public GeofenceStage(GeofenceDirectory directory, LongSupplier clock) {
    this.directory = directory;
    this.clock = clock;
  }

  /** No fences, ever: the store of a process that does not read {@code beacon.geofences}. */
  public static GeofenceStage disabled() {
    return new GeofenceStage(new GeofenceDirectory(), System::currentTimeMillis);
  }

  /**
   * Judges the fixes a batch newly stored, in Kafka's order, inside the caller's open transaction
   * on {@code writer}; commits nothing.
   *
   * @return the events newly written
   */
  public int judge(Connection writer, List<GpsFix> newFixes) throws SQLException {
    List<Geofence> fences = directory.snapshot();
    if (fences.isEmpty() || newFixes.isEmpty()) {
      return 0;
    }
    Map<String, List<GpsFix>> byDevice = new LinkedHashMap<>();
    for (GpsFix fix : newFixes) {
      byDevice.computeIfAbsent(fix.deviceId(), d -> new ArrayList<>()).add(fix);
    }
    long now = clock.getAsLong();
    int written = 0;
    try (PreparedStatement judged = writer.prepareStatement(SELECT_JUDGED);
        PreparedStatement inside = writer.prepareStatement(SELECT_INSIDE);
        PreparedStatement upsertJudged = writer.prepareStatement(UPSERT_JUDGED);
        PreparedStatement enter = writer.prepareStatement(INSERT_INSIDE);
        PreparedStatement exit = writer.prepareStatement(DELETE_INSIDE);
        PreparedStatement insertEvent = writer.prepareStatement(INSERT_EVENT)) {
      for (Map.Entry<String, List<GpsFix>> device : byDevice.entrySet()) {
        String deviceId = device.getKey();
        DeviceFences state = load(judged, inside, deviceId);
        Map<String, Long> before = new HashMap<>(state.inside);
        List<GeofenceEvent> events =
            FenceJudge.judge(deviceId, state, device.getValue(), fences, now);
        upsertJudged.setString(1, deviceId);
        upsertJudged.setLong(2, state.judgedTs);
        upsertJudged.addBatch();
        saveInside(deviceId, before, state.inside, enter, exit);
        for (GeofenceEvent event : events) {
          bind(insertEvent, event);
          insertEvent.addBatch();
        }
      }
      upsertJudged.executeBatch();
      enter.executeBatch();
      exit.executeBatch();
      for (int changed : insertEvent.executeBatch()) {
        written += changed > 0 ? 1 : 0;
      }
    }
    return written;
  }

  private static DeviceFences load(
      PreparedStatement judged, PreparedStatement inside, String deviceId) throws SQLException {
    long judgedTs = DeviceFences.NEVER;
    judged.setString(1, deviceId);
    try (ResultSet rs = judged.executeQuery()) {
      if (rs.next()) {
        judgedTs = rs.getLong(1);
      }
    }
    Map<String, Long> fences = new HashMap<>();
    inside.setString(1, deviceId);
    try (ResultSet rs = inside.executeQuery()) {
      while (rs.next()) {
        fences.put(rs.getString(1), rs.getLong(2));
      }
    }
    return new DeviceFences(judgedTs, fences);
  }

  private static void saveInside(
      String deviceId,
      Map<String, Long> before,
      Map<String, Long> after,
      PreparedStatement enter,
      PreparedStatement exit)
      throws SQLException {
    for (Map.Entry<String, Long> now : after.entrySet()) {
      if (!now.getValue().equals(before.get(now.getKey()))) {
        enter.setString(1, deviceId);
        enter.setString(2, now.getKey());
        enter.setLong(3, now.getValue());
        enter.addBatch();
      }
    }
    for (String fenceId : before.keySet()) {
      if (!after.containsKey(fenceId)) {
        exit.setString(1, deviceId);
        exit.setString(2, fenceId);
        exit.addBatch();
      }
    }
  }

  private static void bind(PreparedStatement insert, GeofenceEvent event) throws SQLException {
    insert.setString(1, event.id());
    insert.setString(2, event.deviceId());
    insert.setString(3, event.fenceId());
    insert.setString(4, event.fenceName());
    insert.setString(5, event.kind().wire());
    insert.setLong(6, event.deviceTs());
    insert.setDouble(7, event.lat());
    insert.setDouble(8, event.lon());
    insert.setLong(9, event.detectedAt());
  }

  /**
   * Forgets every device's state before a rebuild, inside the caller's transaction. The events are
   * kept: the rebuild derives them again with the same ids, which adds no row and publishes nothing
   * twice.
   */
  public void clear(Connection writer) throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.executeUpdate("DELETE FROM geofence_device");
      st.executeUpdate("DELETE FROM geofence_inside");
    }
  }
}

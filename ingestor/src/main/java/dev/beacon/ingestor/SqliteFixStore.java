package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.ingestor.geofence.GeofenceStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The GPS store: one SQLite file in WAL mode, and every SQL statement of the project.
 *
 * <p>{@code gps_fix} is keyed by {@code (device_id, device_ts)} in a {@code WITHOUT ROWID} table,
 * so the key both makes a replayed fix a no-op and serves "positions of one device between two
 * times" as a range scan; {@code device_latest} keeps one row per device (latest fix and count),
 * maintained in the same transaction, so the device list never scans the fixes. {@code
 * gps_conflict} records the fixes refused because their key was already stored with other
 * coordinates. The measurements behind this choice are in {@code docs/storage.md}.
 *
 * <p>One writer connection (insert, clear) and a few read connections; thanks to WAL, reads run
 * while a batch is being written and see the last committed batch.
 */
public final class SqliteFixStore implements FixWriter, AutoCloseable {

  static final int SCHEMA_VERSION = 4;
  private static final int READ_CONNECTIONS = 4;

  private static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS gps_fix (device_id TEXT NOT NULL, device_ts INTEGER NOT NULL,"
        + " lat REAL NOT NULL, lon REAL NOT NULL, received_at INTEGER NOT NULL, gateway TEXT NOT NULL, "
        + SchemaVersion.DETAIL_COLUMNS
        + ", PRIMARY KEY (device_id, device_ts)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS device_latest (device_id TEXT NOT NULL PRIMARY KEY,"
        + " device_ts INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, received_at INTEGER NOT NULL,"
        + " gateway TEXT NOT NULL, fix_count INTEGER NOT NULL, "
        + SchemaVersion.DETAIL_COLUMNS
        + ") WITHOUT ROWID",
    SchemaVersion.CREATE_CONFLICTS,
    SchemaVersion.CONFLICT_KEY,
    SchemaVersion.CONFLICTS_BY_DEVICE
  };

  /** The columns of a fix in the order {@link FixRows} binds and reads them. */
  static final String FIX_COLUMNS =
      "device_id, device_ts, lat, lon, received_at, gateway,"
          + " speed, course, altitude, accuracy, battery, attributes";

  private static final String INSERT_FIX =
      "INSERT OR IGNORE INTO gps_fix ("
          + FIX_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPSERT_LATEST =
      "INSERT INTO device_latest ("
          + FIX_COLUMNS
          + ", fix_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (device_id) DO UPDATE SET fix_count = fix_count + excluded.fix_count,"
          + String.join(
              ",",
              Stream.of(FIX_COLUMNS.split(", ")).skip(1).map(SqliteFixStore::newerWins).toList());

  /**
   * Run only for a fix the insert ignored: records it when the stored row at its key has other
   * coordinates; an exact replay matches no row and a conflict already recorded is ignored, so both
   * change nothing.
   */
  private static final String RECORD_CONFLICT =
      "INSERT OR IGNORE INTO gps_conflict (device_id, device_ts,"
          + " stored_lat, stored_lon, refused_lat, refused_lon, gateway, received_at, kafka_topic, kafka_partition,"
          + " kafka_offset, detected_at) SELECT device_id, device_ts, lat, lon, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10"
          + " FROM gps_fix WHERE device_id = ?1 AND device_ts = ?2 AND (lat <> ?3 OR lon <> ?4)";

  private static final String SELECT_CONFLICTS =
      "SELECT id, device_id, device_ts, stored_lat, stored_lon,"
          + " refused_lat, refused_lon, gateway, received_at, kafka_topic, kafka_partition, kafka_offset, detected_at"
          + " FROM gps_conflict WHERE id > ?";
  private static final String SELECT_DEVICES =
      "SELECT " + FIX_COLUMNS + ", fix_count FROM device_latest";
  private static final String SELECT_POSITIONS =
      "SELECT "
          + FIX_COLUMNS
          + " FROM gps_fix WHERE device_id = ? AND device_ts BETWEEN ? AND ? ORDER BY device_ts LIMIT ?";

  /** Devices looked at per pruning transaction, so one with nothing to prune stays short too. */
  static final int PRUNE_DEVICES = 1_000;

  private static final String PRUNE_NEXT_DEVICES =
      "SELECT device_id FROM device_latest WHERE device_id >= ? ORDER BY device_id LIMIT ?";

  /** The oldest {@code ?3} fixes of one device below the cutoff: a range scan of the key. */
  private static final String PRUNE_FIXES =
      "DELETE FROM gps_fix WHERE device_id = ?1 AND device_ts IN (SELECT device_ts FROM gps_fix"
          + " WHERE device_id = ?1 AND device_ts < ?2 ORDER BY device_ts LIMIT ?3)";

  private static final String PRUNE_COUNT =
      "UPDATE device_latest SET fix_count = fix_count - ?2 WHERE device_id = ?1";

  /** A device whose every fix was pruned leaves the device list. */
  private static final String PRUNE_DEVICE =
      "DELETE FROM device_latest WHERE device_id = ? AND fix_count <= 0";

  private static final String PRUNE_CONFLICTS =
      "DELETE FROM gps_conflict WHERE device_id = ? AND device_ts < ?";

  private static final String COUNT_FIXES = "SELECT coalesce(sum(fix_count), 0) FROM device_latest";

  private final Path file;
  private final Connection writer;
  private final PreparedStatement insertFix;
  private final PreparedStatement upsertLatest;
  private final PreparedStatement recordConflict;
  private final ReadConnections readers;
  private final GeofenceStage geofences;

  private SqliteFixStore(
      Path file, Connection writer, ReadConnections readers, GeofenceStage geofences)
      throws SQLException {
    this.file = file;
    this.writer = writer;
    this.readers = readers;
    this.geofences = geofences;
    this.insertFix = writer.prepareStatement(INSERT_FIX);
    this.upsertLatest = writer.prepareStatement(UPSERT_LATEST);
    this.recordConflict = writer.prepareStatement(RECORD_CONFLICT);
  }

  /** Opens (creating when missing) the store in {@code dbFile}, with its parent directories. */
  public static SqliteFixStore open(Path dbFile) {
    return open(dbFile, GeofenceStage.disabled());
  }

  /**
   * As {@link #open(Path)}, judging every batch's new fixes against geofences in its transaction.
   */
  public static SqliteFixStore open(Path dbFile, GeofenceStage geofences) {
    try {
      Path parent = dbFile.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Connection writer = openWriter(dbFile);
      List<Connection> readers = new ArrayList<>();
      for (int i = 0; i < READ_CONNECTIONS; i++) {
        readers.add(openReader(dbFile));
      }
      return new SqliteFixStore(dbFile, writer, new ReadConnections(readers), geofences);
    } catch (FixStoreException e) {
      throw e;
    } catch (IOException | SQLException e) {
      throw new FixStoreException(
          "could not open the GPS store "
              + dbFile.toAbsolutePath()
              + ": "
              + e.getMessage()
              + "; check that the data directory (BEACON_DATA_DIR) exists and is writable",
          e);
    }
  }

  private static Connection openWriter(Path dbFile) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA busy_timeout = 10000");
      st.execute("PRAGMA journal_mode = WAL");
      // FULL: every commit is on disk (the WAL fsynced) before it returns, and the Kafka offsets
      // are committed only after it. With NORMAL a power loss could drop commits whose offsets
      // were already committed: those fixes would be lost for good (docs/storage.md).
      st.execute("PRAGMA synchronous = FULL");
      int found = SchemaVersion.check(st, dbFile, SCHEMA_VERSION);
      st.execute("PRAGMA cache_size = -262144");
      st.execute("PRAGMA temp_store = MEMORY");
      st.execute("PRAGMA journal_size_limit = 67108864");
      if (found == 0) {
        create(st);
      } else {
        SchemaVersion.migrate(st, dbFile, found, SCHEMA_VERSION);
      }
    }
    connection.setAutoCommit(false);
    return connection;
  }

  private static void create(Statement st) throws SQLException {
    for (String ddl : SCHEMA) {
      st.execute(ddl);
    }
    for (String ddl : GeofenceStage.SCHEMA) {
      st.execute(ddl);
    }
    st.execute("PRAGMA user_version = " + SCHEMA_VERSION);
  }

  private static Connection openReader(Path dbFile) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA busy_timeout = 10000");
      st.execute("PRAGMA query_only = ON");
      st.execute("PRAGMA cache_size = -32768");
    }
    return connection;
  }

  /** Writes fixes that came from no Kafka record (tests, tools); see {@link #write}. */
  public int insert(List<GpsFix> batch) {
    return write(batch.stream().map(ReceivedFix::unsourced).toList()).inserted();
  }

  /**
   * Writes {@code batch} in one transaction, sorted by key first so the B-tree is walked in order.
   * A fix whose key is already stored is ignored; only for those (the insert's update count is 0)
   * the stored row is compared, and a fix with other coordinates is recorded in {@code
   * gps_conflict}. When several fixes of the batch share a key, the first in Kafka's order is
   * stored (the sort is stable).
   */
  @Override
  public synchronized BatchOutcome write(List<ReceivedFix> batch) {
    if (batch.isEmpty()) {
      return BatchOutcome.NOTHING;
    }
    List<ReceivedFix> sorted = new ArrayList<>(batch);
    sorted.sort(ReceivedFix.KEY_ORDER);
    try {
      int[] changes = insertFixes(sorted);
      int inserted = updateLatest(sorted, changes);
      List<ReceivedFix> conflicts = recordConflicts(sorted, changes);
      geofences.judge(writer, newInKafkaOrder(batch, sorted, changes));
      writer.commit();
      return new BatchOutcome(inserted, conflicts);
    } catch (SQLException e) {
      rollbackQuietly();
      throw new FixStoreException(
          "could not write " + batch.size() + " fixes to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The fixes of {@code batch} the insert stored, in the batch's (Kafka's) order: geofences are
   * judged in that order, which does not depend on how fixes were cut into batches.
   */
  private static List<GpsFix> newInKafkaOrder(
      List<ReceivedFix> batch, List<ReceivedFix> sorted, int[] changes) {
    Set<ReceivedFix> stored = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < sorted.size(); i++) {
      if (changes[i] > 0) {
        stored.add(sorted.get(i));
      }
    }
    return batch.stream().filter(stored::contains).map(ReceivedFix::fix).toList();
  }

  private int[] insertFixes(List<ReceivedFix> sorted) throws SQLException {
    for (ReceivedFix received : sorted) {
      FixRows.bind(insertFix, received.fix());
      insertFix.addBatch();
    }
    return insertFix.executeBatch();
  }

  /** The ignored fixes whose stored row differs, newly recorded as conflicts. */
  private List<ReceivedFix> recordConflicts(List<ReceivedFix> sorted, int[] changes)
      throws SQLException {
    List<ReceivedFix> ignored = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < sorted.size(); i++) {
      if (changes[i] == 0) {
        ignored.add(sorted.get(i));
        FixRows.bindConflict(recordConflict, sorted.get(i), now);
        recordConflict.addBatch();
      }
    }
    if (ignored.isEmpty()) {
      return List.of();
    }
    int[] recorded = recordConflict.executeBatch();
    List<ReceivedFix> conflicts = new ArrayList<>();
    for (int i = 0; i < ignored.size(); i++) {
      if (recorded[i] > 0) {
        conflicts.add(ignored.get(i));
      }
    }
    return conflicts;
  }

  /** One upsert per device with its newest new fix and how many of its fixes were new. */
  private int updateLatest(List<ReceivedFix> sorted, int[] changes) throws SQLException {
    int inserted = 0;
    int i = 0;
    while (i < sorted.size()) {
      String deviceId = sorted.get(i).fix().deviceId();
      GpsFix newest = null;
      int newForDevice = 0;
      for (; i < sorted.size() && sorted.get(i).fix().deviceId().equals(deviceId); i++) {
        if (changes[i] > 0) {
          newest = sorted.get(i).fix();
          newForDevice++;
        }
      }
      if (newest != null) {
        FixRows.bind(upsertLatest, newest);
        upsertLatest.setLong(FixRows.COLUMNS + 1, newForDevice);
        upsertLatest.addBatch();
        inserted += newForDevice;
      }
    }
    upsertLatest.executeBatch();
    return inserted;
  }

  /**
   * Deletes up to {@code maxRows} fixes older than {@code olderThanMs}, oldest first per device,
   * visiting at most {@value #PRUNE_DEVICES} devices from {@code fromDevice}, in one short
   * transaction; the device counts follow, a device left with no fix leaves {@code device_latest},
   * and the conflicts recorded for pruned fixes go with them.
   */
  @Override
  public synchronized PruneOutcome prune(long olderThanMs, String fromDevice, int maxRows) {
    try (PreparedStatement devices = writer.prepareStatement(PRUNE_NEXT_DEVICES);
        PreparedStatement fixes = writer.prepareStatement(PRUNE_FIXES);
        PreparedStatement count = writer.prepareStatement(PRUNE_COUNT);
        PreparedStatement device = writer.prepareStatement(PRUNE_DEVICE);
        PreparedStatement conflicts = writer.prepareStatement(PRUNE_CONFLICTS)) {
      devices.setString(1, fromDevice);
      devices.setInt(2, PRUNE_DEVICES + 1);
      List<String> ids = new ArrayList<>();
      try (java.sql.ResultSet rs = devices.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      int deleted = 0;
      String next = ids.size() > PRUNE_DEVICES ? ids.get(PRUNE_DEVICES) : null;
      for (int i = 0; i < Math.min(ids.size(), PRUNE_DEVICES); i++) {
        String id = ids.get(i);
        fixes.setString(1, id);
        fixes.setLong(2, olderThanMs);
        fixes.setInt(3, maxRows - deleted);
        int n = fixes.executeUpdate();
        if (n > 0) {
          count.setString(1, id);
          count.setInt(2, n);
          count.executeUpdate();
          device.setString(1, id);
          device.executeUpdate();
          conflicts.setString(1, id);
          conflicts.setLong(2, olderThanMs);
          conflicts.executeUpdate();
          deleted += n;
        }
        if (deleted == maxRows) {
          // This device may hold more: the next transaction starts with it again.
          next = id;
          break;
        }
      }
      writer.commit();
      return new PruneOutcome(deleted, next);
    } catch (SQLException e) {
      rollbackQuietly();
      throw new FixStoreException(
          "could not prune fixes older than "
              + olderThanMs
              + " from "
              + file
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The earliest {@code received_at} (epoch ms) of any stored fix, empty for an empty store. */
  public synchronized OptionalLong oldestReceivedAt() {
    try (Statement st = writer.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT min(received_at) FROM gps_fix")) {
      long oldest = rs.getLong(1);
      return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(oldest);
    } catch (SQLException e) {
      throw new FixStoreException(
          "could not read the oldest fix of " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a consistent copy of the store to {@code target} (which must not exist), while it stays
   * usable.
   */
  public synchronized void backupTo(Path target) {
    try (Statement st = writer.createStatement()) {
      writer.commit();
      writer.setAutoCommit(true);
      st.execute("VACUUM INTO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
    } catch (SQLException e) {
      throw new FixStoreException(
          "could not back up " + file + " to " + target + ": " + e.getMessage(), e);
    } finally {
      try {
        writer.setAutoCommit(false);
      } catch (SQLException e) {
        throw new FixStoreException(
            "could not restore the writer of " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** {@code PRAGMA synchronous} of the writer: 2 is FULL. */
  synchronized int synchronousMode() {
    try (Statement st = writer.createStatement();
        java.sql.ResultSet rs = st.executeQuery("PRAGMA synchronous")) {
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new FixStoreException("could not read PRAGMA synchronous: " + e.getMessage(), e);
    }
  }

  /** Empties the store, before a rebuild from the topic. */
  @Override
  public synchronized void clear() {
    try (Statement st = writer.createStatement()) {
      st.executeUpdate("DELETE FROM gps_fix");
      st.executeUpdate("DELETE FROM device_latest");
      st.executeUpdate("DELETE FROM gps_conflict");
      geofences.clear(writer);
      writer.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw new FixStoreException("could not empty " + file + ": " + e.getMessage(), e);
    }
  }

  /** Fixes stored, counted from the per-device totals so it stays cheap with millions of rows. */
  public long count() {
    return read("count fixes", () -> readers.list(COUNT_FIXES, row -> row.getLong(1)).get(0));
  }

  /** Every device with its fix count and latest fix, ordered by device id. */
  public List<DeviceSummary> devices() {
    return read(
        "list devices",
        () -> readers.list(SELECT_DEVICES + " ORDER BY device_id", FixRows::summary));
  }

  /**
   * At most {@code limit} devices whose id sorts after {@code afterDeviceId} (empty: from the
   * first), ordered by id: a keyset page on the primary key of {@code device_latest}, an index seek
   * however deep the page is.
   */
  public List<DeviceSummary> devices(String afterDeviceId, int limit) {
    return read(
        "list devices",
        () ->
            readers.list(
                SELECT_DEVICES + " WHERE device_id > ? ORDER BY device_id LIMIT ?",
                FixRows::summary,
                afterDeviceId,
                limit));
  }

  /** One device, or empty when the store has no fix for it. */
  public Optional<DeviceSummary> device(String deviceId) {
    return read(
        "read device " + deviceId,
        () ->
            readers
                .list(SELECT_DEVICES + " WHERE device_id = ?", FixRows::summary, deviceId)
                .stream()
                .findFirst());
  }

  /**
   * At most {@code limit} recorded conflicts after {@code afterId}, in the order they were found;
   * of one device when {@code deviceId} is not null.
   */
  public List<FixConflict> conflicts(String deviceId, long afterId, int limit) {
    return read(
        "list conflicts",
        () ->
            deviceId == null
                ? readers.list(
                    SELECT_CONFLICTS + " ORDER BY id LIMIT ?", FixRows::conflict, afterId, limit)
                : readers.list(
                    SELECT_CONFLICTS + " AND device_id = ? ORDER BY id LIMIT ?",
                    FixRows::conflict,
                    afterId,
                    deviceId,
                    limit));
  }

  /**
   * Fixes of {@code deviceId} with {@code fromMs <= device_ts <= toMs}, oldest first, at most
   * {@code limit}.
   */
  public List<GpsFix> positions(String deviceId, long fromMs, long toMs, int limit) {
    return read(
        "read positions of " + deviceId,
        () -> readers.list(SELECT_POSITIONS, FixRows::fix, deviceId, fromMs, toMs, limit));
  }

  public Path file() {
    return file;
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public synchronized void close() {
    try (readers) {
      writer.close();
    } catch (SQLException e) {
      throw new FixStoreException("could not close " + file + ": " + e.getMessage(), e);
    }
  }

  private static String newerWins(String column) {
    return " "
        + column
        + " = CASE WHEN excluded.device_ts > device_latest.device_ts THEN excluded."
        + column
        + " ELSE device_latest."
        + column
        + " END";
  }

  /** A read through {@link ReadConnections}. */
  private interface Read<T> {
    T run() throws SQLException;
  }

  private <T> T read(String what, Read<T> read) {
    try {
      return read.run();
    } catch (SQLException e) {
      throw new FixStoreException("could not " + what + " from " + file + ": " + e.getMessage(), e);
    }
  }

  private void rollbackQuietly() {
    try {
      insertFix.clearBatch();
      upsertLatest.clearBatch();
      recordConflict.clearBatch();
      writer.rollback();
    } catch (SQLException ignored) {
      // SQLite already rolled back on its own (SQLITE_FULL does): sqlite-jdbc's rollback() then
      // fails before it
      // begins the next transaction, and every later batch would run in autocommit and fail its
      // commit().
      restartTransaction();
    }
  }

  private void restartTransaction() {
    try {
      writer.setAutoCommit(true);
    } catch (SQLException ignored) {
      // "cannot commit - no transaction is active": autocommit is on now all the same
    }
    try {
      writer.setAutoCommit(false);
    } catch (SQLException ignored) {
      // The connection is broken; the original failure is what the caller needs to see.
    }
  }
}

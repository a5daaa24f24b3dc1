package dev.beacon.ingestor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Measures candidate {@code gps_fix} schemas before one is chosen for {@link SqliteFixStore}. Not a
 * test: run it by hand, e.g.
 *
 * <pre>
 * java -cp sqlite-jdbc.jar:slf4j-api.jar StoreSchemaBench.java [rows] [devices] [variants] [batches] [orders]
 * </pre>
 *
 * e.g. {@code 2000000 10000 a_pk_device_ts+latest+p2048 50000,200000 sorted}; variant options are
 * listed at {@link #configure}.
 *
 * <p>Rows arrive as 10,000 devices interleaved in a fresh random order every round, each device's
 * timestamp advancing by 1 s per round: what a consumer sees when a fleet reports once a second.
 * Self-contained (plain JDBC) so it runs without the build. Results are recorded in {@code
 * docs/storage.md}.
 */
public final class StoreSchemaBench {

  private static final Map<String, String[]> SCHEMAS =
      Map.of(
          "a_pk_device_ts",
              new String[] {
                "CREATE TABLE gps_fix (device_id TEXT NOT NULL, device_ts INTEGER NOT NULL, lat REAL NOT NULL,"
                    + " lon REAL NOT NULL, received_at INTEGER NOT NULL, gateway TEXT NOT NULL,"
                    + " PRIMARY KEY (device_id, device_ts)) WITHOUT ROWID"
              },
          "b_rowid_unique",
              new String[] {
                "CREATE TABLE gps_fix (device_id TEXT NOT NULL, device_ts INTEGER NOT NULL, lat REAL NOT NULL,"
                    + " lon REAL NOT NULL, received_at INTEGER NOT NULL, gateway TEXT NOT NULL)",
                "CREATE UNIQUE INDEX gps_fix_device_ts ON gps_fix (device_id, device_ts)"
              },
          "c_pk_ts_device",
              new String[] {
                "CREATE TABLE gps_fix (device_id TEXT NOT NULL, device_ts INTEGER NOT NULL, lat REAL NOT NULL,"
                    + " lon REAL NOT NULL, received_at INTEGER NOT NULL, gateway TEXT NOT NULL,"
                    + " PRIMARY KEY (device_ts, device_id)) WITHOUT ROWID",
                "CREATE INDEX gps_fix_device ON gps_fix (device_id, device_ts)"
              });

  private static final String INSERT =
      "INSERT OR IGNORE INTO gps_fix"
          + " (device_id, device_ts, lat, lon, received_at, gateway) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String UPSERT_LATEST =
      "INSERT INTO device_latest"
          + " (device_id, device_ts, lat, lon, received_at, fix_count) VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (device_id) DO UPDATE SET fix_count = fix_count + excluded.fix_count,"
          + " device_ts = CASE WHEN excluded.device_ts > device_ts THEN excluded.device_ts ELSE device_ts END,"
          + " lat = CASE WHEN excluded.device_ts > device_ts THEN excluded.lat ELSE lat END,"
          + " lon = CASE WHEN excluded.device_ts > device_ts THEN excluded.lon ELSE lon END,"
          + " received_at = CASE WHEN excluded.device_ts > device_ts THEN excluded.received_at ELSE received_at END";

  private static final Comparator<Row> BY_KEY =
      Comparator.comparing(Row::deviceId).thenComparingLong(Row::deviceTs);

  private record Row(String deviceId, long deviceTs, double lat, double lon, long receivedAt) {}

  private StoreSchemaBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int devices = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    List<String> variants =
        args.length > 2
            ? List.of(args[2].split(","))
            : List.of("a_pk_device_ts", "b_rowid_unique", "c_pk_ts_device");
    int[] batches =
        args.length > 3
            ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {1_000, 10_000, 50_000};
    List<Boolean> orders =
        args.length > 4
            ? Arrays.stream(args[4].split(",")).map("sorted"::equals).toList()
            : List.of(false, true);
    System.out.printf("%d rows, %d devices interleaved%n", rows, devices);
    run("a_pk_device_ts", 10_000, true, 200_000, devices, false); // JIT warm-up, not reported
    System.out.println(
        "| variant | batch | order | rows/s | query 1h of 1 device (ms) | db+wal MB |");
    System.out.println("|---|---|---|---|---|---|");
    for (String variant : variants) {
      for (int batch : batches) {
        for (boolean sorted : orders) {
          run(variant, batch, sorted, rows, devices, true);
        }
      }
    }
  }

  private static void run(
      String variant, int batch, boolean sorted, int rows, int devices, boolean report)
      throws Exception {
    boolean withLatest = variant.contains("+latest");
    String schema = variant.split("\\+")[0];
    Path file = Path.of("/tmp/beacon-schema-bench.db");
    deleteDb(file);
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      configure(conn, schema, variant);
      conn.setAutoCommit(false);
      long started = System.nanoTime();
      insertAll(conn, batch, sorted, rows, devices, withLatest);
      double seconds = (System.nanoTime() - started) / 1e9;
      double queryMs = queryOneHour(conn, devices);
      if (!report) {
        return;
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %s | %,.0f | %.2f | %.0f |%n",
          variant,
          batch,
          sorted ? "sorted" : "arrival",
          rows / seconds,
          queryMs,
          sizeMb(file));
    }
    deleteDb(file);
  }

  /**
   * Options after the schema name: {@code +latest}, {@code +p<page size>}, {@code
   * +ck<wal_autocheckpoint>}.
   */
  private static void configure(Connection conn, String schema, String variant)
      throws SQLException {
    try (Statement st = conn.createStatement()) {
      for (String option : variant.split("\\+")) {
        if (option.matches("p\\d+")) {
          st.execute("PRAGMA page_size=" + option.substring(1));
        } else if (option.matches("ck\\d+")) {
          st.execute("PRAGMA wal_autocheckpoint=" + option.substring(2));
        }
      }
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=NORMAL");
      st.execute("PRAGMA cache_size=-262144");
      st.execute("PRAGMA temp_store=MEMORY");
      for (String ddl : SCHEMAS.get(schema)) {
        st.execute(ddl);
      }
      st.execute(
          "CREATE TABLE device_latest (device_id TEXT PRIMARY KEY, device_ts INTEGER NOT NULL,"
              + " lat REAL NOT NULL, lon REAL NOT NULL, received_at INTEGER NOT NULL, fix_count INTEGER NOT NULL)"
              + " WITHOUT ROWID");
    }
  }

  private static void insertAll(
      Connection conn, int batch, boolean sorted, int rows, int devices, boolean withLatest)
      throws SQLException {
    Random random = new Random(42);
    List<Integer> order = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      order.add(d);
    }
    long base = 1_700_000_000_000L;
    List<Row> pending = new ArrayList<>(batch);
    int produced = 0;
    for (int round = 0; produced < rows; round++) {
      Collections.shuffle(order, random);
      for (int i = 0; i < devices && produced < rows; i++, produced++) {
        long ts = base + round * 1000L;
        pending.add(
            new Row(
                "dev-" + order.get(i),
                ts,
                44.8 + random.nextDouble(),
                20.4 + random.nextDouble(),
                ts + 5));
        if (pending.size() == batch) {
          commit(conn, pending, sorted, withLatest);
          pending.clear();
        }
      }
    }
    if (!pending.isEmpty()) {
      commit(conn, pending, sorted, withLatest);
    }
  }

  private static void commit(Connection conn, List<Row> batch, boolean sorted, boolean withLatest)
      throws SQLException {
    if (sorted) {
      batch.sort(BY_KEY);
    }
    try (PreparedStatement insert = conn.prepareStatement(INSERT)) {
      for (Row row : batch) {
        insert.setString(1, row.deviceId());
        insert.setLong(2, row.deviceTs());
        insert.setDouble(3, row.lat());
        insert.setDouble(4, row.lon());
        insert.setLong(5, row.receivedAt());
        insert.setString(6, "gw-1");
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      if (withLatest) {
        upsertLatest(conn, batch, counts);
      }
    }
    conn.commit();
  }

  private static void upsertLatest(Connection conn, List<Row> batch, int[] counts)
      throws SQLException {
    Map<String, Row> latest = new HashMap<>();
    Map<String, Integer> inserted = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      if (counts[i] > 0) {
        Row row = batch.get(i);
        latest.merge(row.deviceId(), row, (a, b) -> a.deviceTs() >= b.deviceTs() ? a : b);
        inserted.merge(row.deviceId(), 1, Integer::sum);
      }
    }
    try (PreparedStatement upsert = conn.prepareStatement(UPSERT_LATEST)) {
      for (Row row : latest.values()) {
        upsert.setString(1, row.deviceId());
        upsert.setLong(2, row.deviceTs());
        upsert.setDouble(3, row.lat());
        upsert.setDouble(4, row.lon());
        upsert.setLong(5, row.receivedAt());
        upsert.setInt(6, inserted.get(row.deviceId()));
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  /** Average time to read one hour (up to 3,600 fixes) of one device, over 200 random devices. */
  private static double queryOneHour(Connection conn, int devices) throws SQLException {
    conn.commit();
    Random random = new Random(7);
    long from = 1_700_000_000_000L + 10_000;
    String sql =
        "SELECT device_ts, lat, lon FROM gps_fix WHERE device_id = ? AND device_ts BETWEEN ? AND ?"
            + " ORDER BY device_ts LIMIT 100000";
    long started = System.nanoTime();
    int queries = 200;
    long seen = 0;
    try (PreparedStatement query = conn.prepareStatement(sql)) {
      for (int i = 0; i < queries; i++) {
        query.setString(1, "dev-" + random.nextInt(devices));
        query.setLong(2, from);
        query.setLong(3, from + 3_600_000);
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            seen += rs.getLong(1);
          }
        }
      }
    }
    conn.commit();
    return seen == -1 ? 0 : (System.nanoTime() - started) / 1e6 / queries;
  }

  private static double sizeMb(Path file) throws Exception {
    Path wal = Path.of(file + "-wal");
    return (Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0)) / 1e6;
  }

  private static void deleteDb(Path file) throws Exception {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
  }
}

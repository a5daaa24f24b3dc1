package dev.beacon.ingestor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the ingestor, read once at the edge (environment variables or flags) and passed down.
 *
 * @param dataDir       directory holding {@code gps.db}; created when missing ({@code BEACON_DATA_DIR})
 * @param apiHost       interface the read API listens on, loopback by default ({@code BEACON_INGESTOR_HOST})
 * @param apiPort       port of the read API, 0 picks a free one ({@code BEACON_INGESTOR_PORT})
 * @param batchMaxRows  most fixes written in one SQLite transaction ({@code BEACON_INGEST_BATCH_ROWS})
 * @param batchMaxDelay longest a received fix waits before its batch is written once the ingestor has caught
 *                      up, which bounds how stale the read API can be; while a backlog could fill the batch, it
 *                      fills up instead, because full batches clear a backlog fastest
 *                      ({@code BEACON_INGEST_BATCH_DELAY}, e.g. {@code 200ms} or {@code PT0.2S})
 * @param groupId       Kafka consumer group; each group keeps its own position in {@code beacon.gps}
 *                      ({@code BEACON_INGESTOR_GROUP})
 * @param rebuild       empty the store and re-read {@code beacon.gps} from the beginning
 * @param maxPageSize   most rows one page of {@code /api/devices} or of a device's positions holds (a request's
 *                      {@code limit} above it gets 400); bounds the memory and time one request takes
 *                      ({@code BEACON_INGESTOR_MAX_PAGE_SIZE})
 * @param access        who may read stored positions, and from which web origins
 * @param timeouts      idle and header-read timeouts of the read API's connections
 */
public record IngestorConfig(
    Path dataDir,
    String apiHost,
    int apiPort,
    int batchMaxRows,
    Duration batchMaxDelay,
    String groupId,
    boolean rebuild,
    int maxPageSize,
    ReadAccessConfig access,
    HttpTimeouts timeouts) {

  /** Loopback: positions are readable from this host only unless the deployment says otherwise (docs/security.md). */
  public static final String DEFAULT_API_HOST = "127.0.0.1";
  public static final int DEFAULT_API_PORT = 8081;
  /**
   * Measured in {@code docs/storage.md}: with 10,000 devices interleaved, 100,000-row transactions sustained
   * about 134k rows/s over 5M rows where 50,000-row ones barely reach 100k and 1,000-row ones 35k; a batch this
   * size holds about 20 MB of fixes.
   */
  public static final int DEFAULT_BATCH_MAX_ROWS = 100_000;
  public static final Duration DEFAULT_BATCH_MAX_DELAY = Duration.ofMillis(200);
  public static final String DEFAULT_GROUP_ID = "beacon-ingestor";
  public static final boolean DEFAULT_REBUILD = false;
  /** As large as the positions {@code limit} accepted before paging, so no request that worked before fails. */
  public static final int DEFAULT_MAX_PAGE_SIZE = 100_000;

  static final int MAX_BATCH_ROWS = 1_000_000;
  static final Duration MAX_BATCH_DELAY = Duration.ofMinutes(1);
  static final int MAX_MAX_PAGE_SIZE = 1_000_000;

  public IngestorConfig {
    Objects.requireNonNull(dataDir, "dataDir is missing; set BEACON_DATA_DIR to a writable directory");
    Objects.requireNonNull(batchMaxDelay, "batchMaxDelay is missing; set BEACON_INGEST_BATCH_DELAY, e.g. 200ms");
    Objects.requireNonNull(access, "access is missing; use ReadAccessConfig.defaults()");
    Objects.requireNonNull(timeouts, "timeouts are missing; use HttpTimeouts.defaults()");
    require(apiHost != null && !apiHost.isBlank(),
        "API host is empty; set BEACON_INGESTOR_HOST to an interface address such as 0.0.0.0 or 127.0.0.1");
    require(apiPort >= 0 && apiPort <= 65_535,
        "API port " + apiPort + " is outside 0-65535; set BEACON_INGESTOR_PORT (0 picks a free port)");
    require(batchMaxRows >= 1 && batchMaxRows <= MAX_BATCH_ROWS,
        "batch size " + batchMaxRows + " is outside 1-" + MAX_BATCH_ROWS + "; set BEACON_INGEST_BATCH_ROWS (default "
            + DEFAULT_BATCH_MAX_ROWS + ")");
    require(!batchMaxDelay.isNegative() && !batchMaxDelay.isZero() && batchMaxDelay.compareTo(MAX_BATCH_DELAY) <= 0,
        "batch delay " + batchMaxDelay + " must be above 0 and at most " + MAX_BATCH_DELAY.toSeconds()
            + " s; set BEACON_INGEST_BATCH_DELAY (default " + DEFAULT_BATCH_MAX_DELAY.toMillis() + "ms)");
    require(groupId != null && !groupId.isBlank(),
        "consumer group is empty; set BEACON_INGESTOR_GROUP (default " + DEFAULT_GROUP_ID + ")");
    require(maxPageSize >= 1 && maxPageSize <= MAX_MAX_PAGE_SIZE,
        "largest page " + maxPageSize + " is outside 1-" + MAX_MAX_PAGE_SIZE
            + "; set BEACON_INGESTOR_MAX_PAGE_SIZE (default " + DEFAULT_MAX_PAGE_SIZE + ")");
  }

  /** Every setting but the page size, read access and timeouts, which get their defaults. */
  public IngestorConfig(Path dataDir, String apiHost, int apiPort, int batchMaxRows, Duration batchMaxDelay,
      String groupId, boolean rebuild) {
    this(dataDir, apiHost, apiPort, batchMaxRows, batchMaxDelay, groupId, rebuild, DEFAULT_MAX_PAGE_SIZE);
  }

  /** Every setting but read access and timeouts, which get their defaults (no credential reads: every read is 401). */
  public IngestorConfig(Path dataDir, String apiHost, int apiPort, int batchMaxRows, Duration batchMaxDelay,
      String groupId, boolean rebuild, int maxPageSize) {
    this(dataDir, apiHost, apiPort, batchMaxRows, batchMaxDelay, groupId, rebuild, maxPageSize,
        ReadAccessConfig.defaults(), HttpTimeouts.defaults());
  }

  /** Every setting at its default, data in {@code dataDir}. */
  public static IngestorConfig defaults(Path dataDir) {
    return new IngestorConfig(dataDir, DEFAULT_API_HOST, DEFAULT_API_PORT, DEFAULT_BATCH_MAX_ROWS,
        DEFAULT_BATCH_MAX_DELAY, DEFAULT_GROUP_ID, DEFAULT_REBUILD, DEFAULT_MAX_PAGE_SIZE);
  }

  /** The SQLite file inside {@link #dataDir()}. */
  public Path databaseFile() {
    return dataDir.resolve("gps.db");
  }

  public IngestorConfig withApi(String host, int port) {
    return new IngestorConfig(dataDir, host, port, batchMaxRows, batchMaxDelay, groupId, rebuild, maxPageSize,
        access, timeouts);
  }

  public IngestorConfig withBatch(int maxRows, Duration maxDelay) {
    return new IngestorConfig(dataDir, apiHost, apiPort, maxRows, maxDelay, groupId, rebuild, maxPageSize,
        access, timeouts);
  }

  public IngestorConfig withGroupId(String groupId) {
    return new IngestorConfig(dataDir, apiHost, apiPort, batchMaxRows, batchMaxDelay, groupId, rebuild, maxPageSize,
        access, timeouts);
  }

  public IngestorConfig withRebuild(boolean rebuild) {
    return new IngestorConfig(dataDir, apiHost, apiPort, batchMaxRows, batchMaxDelay, groupId, rebuild, maxPageSize,
        access, timeouts);
  }

  public IngestorConfig withAccess(ReadAccessConfig access) {
    return new IngestorConfig(dataDir, apiHost, apiPort, batchMaxRows, batchMaxDelay, groupId, rebuild, maxPageSize,
        access, timeouts);
  }

  public IngestorConfig withTimeouts(HttpTimeouts timeouts) {
    return new IngestorConfig(dataDir, apiHost, apiPort, batchMaxRows, batchMaxDelay, groupId, rebuild, maxPageSize,
        access, timeouts);
  }

  public IngestorConfig withMaxPageSize(int maxPageSize) {
    return new IngestorConfig(dataDir, apiHost, apiPort, batchMaxRows, batchMaxDelay, groupId, rebuild, maxPageSize,
        access, timeouts);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}

package dev.beacon.ingestor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the ingestor, read once at the edge (environment variables or flags) and passed down.
 *
 * @param dataDir directory holding {@code gps.db}; created when missing ({@code BEACON_DATA_DIR})
 * @param apiHost interface the read API listens on, loopback by default ({@code
 *     BEACON_INGESTOR_HOST})
 * @param apiPort port of the read API, 0 picks a free one ({@code BEACON_INGESTOR_PORT})
 * @param batchMaxRows most fixes written in one SQLite transaction ({@code
 *     BEACON_INGEST_BATCH_ROWS})
 * @param batchMaxDelay longest a received fix waits before its batch is written once the ingestor
 *     has caught up, which bounds how stale the read API can be; while a backlog could fill the
 *     batch, it fills up instead, because full batches clear a backlog fastest ({@code
 *     BEACON_INGEST_BATCH_DELAY}, e.g. {@code 200ms} or {@code PT0.2S})
 * @param groupId Kafka consumer group; each group keeps its own position in {@code beacon.gps}
 *     ({@code BEACON_INGESTOR_GROUP})
 * @param rebuild empty the store and re-read {@code beacon.gps} from the beginning
 * @param maxPageSize most rows one page of {@code /api/devices} or of a device's positions holds (a
 *     request's {@code limit} above it gets 400); bounds the memory and time one request takes
 *     ({@code BEACON_INGESTOR_MAX_PAGE_SIZE})
 * @param access who may read stored positions, and from which web origins
 * @param timeouts idle and header-read timeouts of the read API's connections
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
    HttpTimeouts timeouts,
    RetentionConfig retention) {

  /**
   * Loopback: positions are readable from this host only unless the deployment says otherwise
   * (docs/security.md).
   */
  public static final String DEFAULT_API_HOST = "127.0.0.1";

  public static final int DEFAULT_API_PORT = 8081;

  /**
   * Measured in {@code docs/storage.md}: with 10,000 devices interleaved, 100,000-row transactions
   * sustained about 134k rows/s over 5M rows where 50,000-row ones barely reach 100k and 1,000-row
   * ones 35k; a batch this size holds about 20 MB of fixes.
   */
  public static final int DEFAULT_BATCH_MAX_ROWS = 100_000;

  public static final Duration DEFAULT_BATCH_MAX_DELAY = Duration.ofMillis(200);
  public static final String DEFAULT_GROUP_ID = "beacon-ingestor";
  public static final boolean DEFAULT_REBUILD = false;

  /**
   * As large as the positions {@code limit} accepted before paging, so no request that worked
   * before fails.
   */
  public static final int DEFAULT_MAX_PAGE_SIZE = 100_000;

  static final int MAX_BATCH_ROWS = 1_000_000;
  static final Duration MAX_BATCH_DELAY = Duration.ofMinutes(1);
  static final int MAX_MAX_PAGE_SIZE = 1_000_000;

  public IngestorConfig {
    Objects.requireNonNull(
        dataDir, "dataDir is missing; set BEACON_DATA_DIR to a writable directory");
    Objects.requireNonNull(
        batchMaxDelay, "batchMaxDelay is missing; set BEACON_INGEST_BATCH_DELAY, e.g. 200ms");
    Objects.requireNonNull(access, "access is missing; use ReadAccessConfig.defaults()");
    Objects.requireNonNull(timeouts, "timeouts are missing; use HttpTimeouts.defaults()");
    Objects.requireNonNull(retention, "retention is missing; use RetentionConfig.off()");
    require(
        apiHost != null && !apiHost.isBlank(),
        "API host is empty; set BEACON_INGESTOR_HOST to an interface address such as 0.0.0.0 or 127.0.0.1");
    require(
        apiPort >= 0 && apiPort <= 65_535,
        "API port "
            + apiPort
            + " is outside 0-65535; set BEACON_INGESTOR_PORT (0 picks a free port)");
    require(
        batchMaxRows >= 1 && batchMaxRows <= MAX_BATCH_ROWS,
        "batch size "
            + batchMaxRows
            + " is outside 1-"
            + MAX_BATCH_ROWS
            + "; set BEACON_INGEST_BATCH_ROWS (default "
            + DEFAULT_BATCH_MAX_ROWS
            + ")");
    require(
        !batchMaxDelay.isNegative()
            && !batchMaxDelay.isZero()
            && batchMaxDelay.compareTo(MAX_BATCH_DELAY) <= 0,
        "batch delay "
            + batchMaxDelay
            + " must be above 0 and at most "
            + MAX_BATCH_DELAY.toSeconds()
            + " s; set BEACON_INGEST_BATCH_DELAY (default "
            + DEFAULT_BATCH_MAX_DELAY.toMillis()
            + "ms)");
    require(
        groupId != null && !groupId.isBlank(),
        "consumer group is empty; set BEACON_INGESTOR_GROUP (default " + DEFAULT_GROUP_ID + ")");
    require(
        maxPageSize >= 1 && maxPageSize <= MAX_MAX_PAGE_SIZE,
        "largest page "
            + maxPageSize
            + " is outside 1-"
            + MAX_MAX_PAGE_SIZE
            + "; set BEACON_INGESTOR_MAX_PAGE_SIZE (default "
            + DEFAULT_MAX_PAGE_SIZE
            + ")");
  }

  /** Every setting at its default, data in {@code dataDir}. */
  public static IngestorConfig defaults(Path dataDir) {
    return builder().dataDir(dataDir).build();
  }

  /** The SQLite file inside {@link #dataDir()}. */
  public Path databaseFile() {
    return dataDir.resolve("gps.db");
  }

  /**
   * A builder holding every default but the data directory; set what differs and {@link
   * Builder#build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link IngestorConfig}; {@link #build()} validates it. */
  public static final class Builder {
    private Path dataDir;
    private String apiHost = DEFAULT_API_HOST;
    private int apiPort = DEFAULT_API_PORT;
    private int batchMaxRows = DEFAULT_BATCH_MAX_ROWS;
    private Duration batchMaxDelay = DEFAULT_BATCH_MAX_DELAY;
    private String groupId = DEFAULT_GROUP_ID;
    private boolean rebuild = DEFAULT_REBUILD;
    private int maxPageSize = DEFAULT_MAX_PAGE_SIZE;
    private ReadAccessConfig access = ReadAccessConfig.defaults();
    private HttpTimeouts timeouts = HttpTimeouts.defaults();
    private RetentionConfig retention = RetentionConfig.off();

    private Builder() {}

    private Builder(IngestorConfig c) {
      dataDir = c.dataDir;
      apiHost = c.apiHost;
      apiPort = c.apiPort;
      batchMaxRows = c.batchMaxRows;
      batchMaxDelay = c.batchMaxDelay;
      groupId = c.groupId;
      rebuild = c.rebuild;
      maxPageSize = c.maxPageSize;
      access = c.access;
      timeouts = c.timeouts;
      retention = c.retention;
    }

    /** Required: there is no default data directory. */
    public Builder dataDir(Path value) {
      dataDir = value;
      return this;
    }

    public Builder apiHost(String value) {
      apiHost = value;
      return this;
    }

    public Builder apiPort(int value) {
      apiPort = value;
      return this;
    }

    public Builder batchMaxRows(int value) {
      batchMaxRows = value;
      return this;
    }

    public Builder batchMaxDelay(Duration value) {
      batchMaxDelay = value;
      return this;
    }

    public Builder groupId(String value) {
      groupId = value;
      return this;
    }

    public Builder rebuild(boolean value) {
      rebuild = value;
      return this;
    }

    public Builder maxPageSize(int value) {
      maxPageSize = value;
      return this;
    }

    public Builder access(ReadAccessConfig value) {
      access = value;
      return this;
    }

    public Builder timeouts(HttpTimeouts value) {
      timeouts = value;
      return this;
    }

    public Builder retention(RetentionConfig value) {
      retention = value;
      return this;
    }

    /** Validates the settings; an invalid one throws IllegalArgumentException naming its knob. */
    public IngestorConfig build() {
      return new IngestorConfig(
          dataDir,
          apiHost,
          apiPort,
          batchMaxRows,
          batchMaxDelay,
          groupId,
          rebuild,
          maxPageSize,
          access,
          timeouts,
          retention);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}

package dev.beacon.server.cli;

import dev.beacon.ingestor.IngestorConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The ingestor's batching and its read API. */
public final class IngestorOptions {

  @Option(names = "--api-host", defaultValue = "${env:BEACON_INGESTOR_HOST:-0.0.0.0}",
      description = "Query API listen address (env BEACON_INGESTOR_HOST, default ${DEFAULT-VALUE}).")
  String apiHost;

  @Option(names = "--api-port", defaultValue = "${env:BEACON_INGESTOR_PORT:-8081}",
      description = "Query API port (env BEACON_INGESTOR_PORT, default ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(names = "--batch-rows", defaultValue = "${env:BEACON_INGEST_BATCH_ROWS:-" + IngestorConfig.DEFAULT_BATCH_MAX_ROWS + "}",
      description = "Most fixes per SQLite transaction (env BEACON_INGEST_BATCH_ROWS, default ${DEFAULT-VALUE}).")
  int batchRows;

  @Option(names = "--batch-delay", defaultValue = "${env:BEACON_INGEST_BATCH_DELAY:-200ms}", converter = DurationConverter.class,
      description = "Longest a fix waits for its batch to fill (env BEACON_INGEST_BATCH_DELAY, default ${DEFAULT-VALUE}).")
  Duration batchDelay;

  @Option(names = "--group", defaultValue = "${env:BEACON_INGESTOR_GROUP:-beacon-ingestor}",
      description = "Kafka consumer group (env BEACON_INGESTOR_GROUP, default ${DEFAULT-VALUE}).")
  String group;

  @Option(names = "--api-max-page-size",
      defaultValue = "${env:BEACON_INGESTOR_MAX_PAGE_SIZE:-" + IngestorConfig.DEFAULT_MAX_PAGE_SIZE + "}",
      description = "Most rows one page of /api/devices or of positions holds; a larger 'limit' gets 400"
          + " (env BEACON_INGESTOR_MAX_PAGE_SIZE, default ${DEFAULT-VALUE}).")
  int maxPageSize;

  public IngestorConfig config(Path dataDir, boolean rebuild) {
    return new IngestorConfig(dataDir, apiHost, apiPort, batchRows, batchDelay, group, rebuild, maxPageSize);
  }
}

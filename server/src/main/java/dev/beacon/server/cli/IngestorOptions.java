package dev.beacon.server.cli;

import dev.beacon.ingestor.HttpTimeouts;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.ingestor.ReadAccessConfig;
import dev.beacon.runtime.auth.JwtConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The ingestor's batching and its read API (who may read it: docs/security.md, "Reading stored
 * positions").
 */
public final class IngestorOptions {

  @Option(
      names = "--api-host",
      defaultValue = "${env:BEACON_INGESTOR_HOST:-" + IngestorConfig.DEFAULT_API_HOST + "}",
      description =
          "Query API listen address; 0.0.0.0 to serve other hosts (env BEACON_INGESTOR_HOST, default ${DEFAULT-VALUE}).")
  String apiHost;

  @Option(
      names = "--api-port",
      defaultValue = "${env:BEACON_INGESTOR_PORT:-8081}",
      description = "Query API port (env BEACON_INGESTOR_PORT, default ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(
      names = "--batch-rows",
      defaultValue =
          "${env:BEACON_INGEST_BATCH_ROWS:-" + IngestorConfig.DEFAULT_BATCH_MAX_ROWS + "}",
      description =
          "Most fixes per SQLite transaction (env BEACON_INGEST_BATCH_ROWS, default ${DEFAULT-VALUE}).")
  int batchRows;

  @Option(
      names = "--batch-delay",
      defaultValue = "${env:BEACON_INGEST_BATCH_DELAY:-200ms}",
      converter = DurationConverter.class,
      description =
          "Longest a fix waits for its batch to fill (env BEACON_INGEST_BATCH_DELAY, default ${DEFAULT-VALUE}).")
  Duration batchDelay;

  @Option(
      names = "--group",
      defaultValue = "${env:BEACON_INGESTOR_GROUP:-beacon-ingestor}",
      description = "Kafka consumer group (env BEACON_INGESTOR_GROUP, default ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = "--api-max-page-size",
      defaultValue =
          "${env:BEACON_INGESTOR_MAX_PAGE_SIZE:-" + IngestorConfig.DEFAULT_MAX_PAGE_SIZE + "}",
      description =
          "Most rows one page of /api/devices or of positions holds; a larger 'limit' gets 400"
              + " (env BEACON_INGESTOR_MAX_PAGE_SIZE, default ${DEFAULT-VALUE}).")
  int maxPageSize;

  @Option(
      names = "--api-auth",
      defaultValue = "${env:BEACON_INGESTOR_AUTH:-authenticated}",
      description =
          "authenticated: reading positions needs the read token or a JWT with a read claim (else HTTP 401);"
              + " open: anyone who reaches the port reads every device (env BEACON_INGESTOR_AUTH, default ${DEFAULT-VALUE}).")
  String auth;

  @Option(
      names = "--read-token",
      defaultValue = "${env:BEACON_INGESTOR_READ_TOKEN:-}",
      description =
          "Bearer token (at least 16 characters) that reads every device; beacon local generates one when"
              + " unset (env BEACON_INGESTOR_READ_TOKEN, default none). Prefer the env var: flags show in ps.")
  String readToken;

  @Option(
      names = "--api-allowed-origins",
      defaultValue = "${env:BEACON_INGESTOR_ALLOWED_ORIGINS:-}",
      description =
          "Comma list of exact origins whose pages may read the API, e.g. https://console.example.com;"
              + " beacon local adds its console's (env BEACON_INGESTOR_ALLOWED_ORIGINS, default none).")
  String allowedOrigins;

  @Option(
      names = "--api-idle-timeout",
      defaultValue = "${env:BEACON_INGESTOR_IDLE_TIMEOUT:-60s}",
      converter = DurationConverter.class,
      description =
          "Close a query API connection with no traffic for this long (env BEACON_INGESTOR_IDLE_TIMEOUT,"
              + " default ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(
      names = "--api-header-timeout",
      defaultValue = "${env:BEACON_INGESTOR_HEADER_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description =
          "Close a query API connection whose request line and headers are not complete this long after"
              + " it opened or its previous response ended (env BEACON_INGESTOR_HEADER_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration headerTimeout;

  @Mixin RetentionOptions retention;

  /**
   * @param jwt how JWTs are checked: the gateway's settings ({@code BEACON_JWT_*})
   */
  public IngestorConfig config(Path dataDir, boolean rebuild, JwtConfig jwt) {
    return new IngestorConfig(
        dataDir,
        apiHost,
        apiPort,
        batchRows,
        batchDelay,
        group,
        rebuild,
        maxPageSize,
        ReadAccessConfig.of(auth, readToken, jwt, allowedOrigins),
        new HttpTimeouts(idleTimeout, headerTimeout),
        retention.config());
  }
}

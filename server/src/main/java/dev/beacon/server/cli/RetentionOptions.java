package dev.beacon.server.cli;

import dev.beacon.ingestor.RetentionConfig;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** How long the ingestor keeps fixes in SQLite, and how it prunes them (docs/storage.md). */
public final class RetentionOptions {

  @Option(
      names = "--retention",
      defaultValue = "${env:BEACON_RETENTION:-off}",
      converter = RetentionConverter.class,
      description =
          "Prune fixes older than this from SQLite, e.g. 30d; off keeps every fix"
              + " (env BEACON_RETENTION, default ${DEFAULT-VALUE}).")
  Duration retention;

  @Option(
      names = "--retention-batch-rows",
      defaultValue =
          "${env:BEACON_RETENTION_BATCH_ROWS:-" + RetentionConfig.DEFAULT_BATCH_ROWS + "}",
      description =
          "Most fixes deleted per pruning transaction, run between the ingestor's batches"
              + " (env BEACON_RETENTION_BATCH_ROWS, default ${DEFAULT-VALUE}).")
  int batchRows;

  @Option(
      names = "--retention-interval",
      defaultValue = "${env:BEACON_RETENTION_INTERVAL:-1m}",
      converter = DurationConverter.class,
      description =
          "How often the ingestor looks for fixes older than the retention"
              + " (env BEACON_RETENTION_INTERVAL, default ${DEFAULT-VALUE}).")
  Duration interval;

  public RetentionConfig config() {
    return new RetentionConfig(retention, batchRows, interval);
  }

  /** A duration, or {@code off} (also {@code 0}) for no retention. */
  static final class RetentionConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      return v.equals("off") || v.equals("0") ? RetentionConfig.OFF : DurationConverter.parse(v);
    }
  }
}

package dev.beacon.server.cli;

import dev.beacon.ingestor.Ingestor;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.ingestor.RebuildGuard;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beacon ingestor}: consumes {@code beacon.gps} into SQLite and serves the query API. */
@Command(
    name = "ingestor",
    mixinStandardHelpOptions = true,
    description =
        "Consume beacon.gps into --data-dir/gps.db (SQLite, WAL) and serve the query API.")
public final class IngestorCommand implements Callable<Integer> {

  @Mixin DataDirOption dataDir;
  @Mixin KafkaClientOptions kafka;
  @Mixin IngestorOptions options;
  @Mixin JwtOptions jwt;

  @Option(
      names = "--rebuild",
      description =
          "Empty gps.db and rebuild it from the start of the beacon.gps topic; "
              + "refused when the topic no longer holds the oldest stored fix (see --force); gps.db is backed up first.")
  boolean rebuild;

  @Option(
      names = "--force",
      description =
          "With --rebuild: rebuild even though fixes older than the topic's "
              + "retention will be gone from gps.db (they stay in the backup).")
  boolean force;

  @Override
  public Integer call() {
    KafkaSettings settings = kafka.settings();
    if (rebuild) {
      Path backup = RebuildGuard.prepare(dataDir.path().resolve("gps.db"), settings, force);
      if (backup != null) {
        System.out.printf("Backed up gps.db to %s before the rebuild.%n", backup);
      }
    }
    IngestorConfig config = options.config(dataDir.path(), rebuild, jwt.config());
    Vertx vertx = Vertx.vertx();
    try {
      Ingestor ingestor =
          Blocking.await(Ingestor.start(vertx, config, settings), "start the ingestor");
      System.out.printf(
          "Ingestor writing %s%s; query API on http://%s:%d/api/devices. Stop with Ctrl-C.%n%s",
          dataDir.path().resolve("gps.db"),
          rebuild ? " (rebuilding from the topic)" : "",
          options.apiHost,
          ingestor.apiPort(),
          ReadAccessNotice.of(config.access()));
      return UntilStopped.await(
          () -> {
            Blocking.awaitQuietly(ingestor.close(), "stop the ingestor");
            Blocking.awaitQuietly(vertx.close(), "stop Vert.x");
          });
    } catch (RuntimeException e) {
      Blocking.awaitQuietly(vertx.close(), "stop Vert.x");
      throw e;
    }
  }
}

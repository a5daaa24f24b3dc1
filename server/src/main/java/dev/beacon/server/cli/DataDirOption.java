package dev.beacon.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}: where Beacon keeps the Kafka logs and the SQLite store. */
public final class DataDirOption {

  @Option(
      names = "--data-dir",
      defaultValue = "${env:BEACON_DATA_DIR:-./data}",
      paramLabel = "DIR",
      description =
          "Data directory for Kafka logs and gps.db (env BEACON_DATA_DIR, default ${DEFAULT-VALUE}).")
  Path dataDir;

  public Path path() {
    return dataDir.toAbsolutePath().normalize();
  }
}

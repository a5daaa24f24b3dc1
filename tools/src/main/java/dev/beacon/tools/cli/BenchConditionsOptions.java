package dev.beacon.tools.cli;

import dev.beacon.server.cli.BuildVersion;
import dev.beacon.tools.bench.conditions.BenchConditions;
import dev.beacon.tools.bench.conditions.IdleRule;
import dev.beacon.tools.bench.conditions.MachineConditions;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * The idle rule of every {@code beacon bench} command: {@code --max-load}, {@code --require-idle}.
 */
public final class BenchConditionsOptions {

  @Option(
      names = "--max-load",
      defaultValue = "0.75",
      description =
          "The highest 1-minute load average per CPU at which the machine counts as idle (default "
              + "${DEFAULT-VALUE}, i.e. 1.5 on 2 CPUs); above it, at the start or the end, the result tables "
              + "carry a BUSY MACHINE warning.")
  double maxLoad = IdleRule.DEFAULT_MAX_LOAD_PER_CPU;

  @Option(
      names = "--require-idle",
      description =
          "Refuse to start (exit 1) when the machine is busy by --max-load, instead of warning.")
  boolean requireIdle;

  /** Prints the conditions at the start; throws when {@code --require-idle} and busy. */
  BenchConditions start(PrintStream out) {
    return BenchConditions.start(
        new IdleRule(maxLoad),
        requireIdle,
        () -> MachineConditions.now(BuildVersion.commit()),
        out);
  }
}

package dev.beacon.tools.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code beacon bench}: the project's benchmarks. Results go into docs/benchmarks.md. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = {
      GpsBenchCommand.class,
      FanoutBenchCommand.class,
      ConnectionsBenchCommand.class,
      SoakBenchCommand.class
    },
    description =
        "Benchmarks. Each prints its figures; docs/benchmarks.md records them with the command used.")
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

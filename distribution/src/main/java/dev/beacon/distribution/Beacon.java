package dev.beacon.distribution;

import dev.beacon.distribution.cli.KafkaCommand;
import dev.beacon.distribution.cli.LocalCommand;
import dev.beacon.server.cli.BroadcasterCommand;
import dev.beacon.server.cli.BuildVersion;
import dev.beacon.server.cli.CliErrors;
import dev.beacon.server.cli.GatewayCommand;
import dev.beacon.server.cli.IngestorCommand;
import dev.beacon.server.cli.LogOptions;
import dev.beacon.tools.cli.BenchCommand;
import dev.beacon.tools.cli.ChatCommand;
import dev.beacon.tools.cli.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The full jar: {@code java -jar beacon.jar <subcommand> [options]}. The production services'
 * subcommands come from {@code beacon-server} (see {@link dev.beacon.server.BeaconServer}, the
 * service jar); this jar adds the embedded broker ({@code local}, {@code kafka}), the simulator,
 * the chat CLI and the benchmarks.
 */
@Command(
    name = "beacon",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description =
        "Horizontally scalable WebSocket gateway and GPS telemetry pipeline on Vert.x and Apache Kafka.",
    subcommands = {
      LocalCommand.class,
      KafkaCommand.class,
      GatewayCommand.class,
      IngestorCommand.class,
      BroadcasterCommand.class,
      SimulateCommand.class,
      ChatCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Beacon implements Runnable {

  @CommandLine.Mixin LogOptions logOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return CliErrors.install(
        new CommandLine(new Beacon()).setCaseInsensitiveEnumValuesAllowed(true));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

package dev.beacon.server;

import dev.beacon.server.cli.BroadcasterCommand;
import dev.beacon.server.cli.BuildVersion;
import dev.beacon.server.cli.CliErrors;
import dev.beacon.server.cli.GatewayCommand;
import dev.beacon.server.cli.IngestorCommand;
import dev.beacon.server.cli.LogOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The service jar, {@code java -jar beacon-server.jar <gateway|ingestor|broadcaster> [options]}:
 * the production services against an external Kafka cluster, with no embedded broker, simulator or
 * benchmark inside. The same subcommands, with the same options, are in the full {@code
 * beacon.jar}.
 */
@Command(
    name = "beacon",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description =
        "Beacon's production services (gateway, ingestor, broadcaster) against an external Kafka cluster.",
    subcommands = {
      GatewayCommand.class,
      IngestorCommand.class,
      BroadcasterCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BeaconServer implements Runnable {

  @CommandLine.Mixin LogOptions logOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return CliErrors.install(
        new CommandLine(new BeaconServer()).setCaseInsensitiveEnumValuesAllowed(true));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

package dev.beacon.infra;

import dev.beacon.infra.cli.BenchCommand;
import dev.beacon.infra.cli.BroadcasterCommand;
import dev.beacon.infra.cli.BuildVersion;
import dev.beacon.infra.cli.ChatCommand;
import dev.beacon.infra.cli.CliErrors;
import dev.beacon.infra.cli.GatewayCommand;
import dev.beacon.infra.cli.IngestorCommand;
import dev.beacon.infra.cli.KafkaCommand;
import dev.beacon.infra.cli.LocalCommand;
import dev.beacon.infra.cli.LogOptions;
import dev.beacon.infra.cli.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one runnable jar: {@code java -jar beacon.jar <subcommand> [options]}. */
@Command(name = "beacon", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
    description = "Horizontally scalable WebSocket gateway and GPS telemetry pipeline on Vert.x and Apache Kafka.",
    subcommands = {LocalCommand.class, KafkaCommand.class, GatewayCommand.class, IngestorCommand.class, BroadcasterCommand.class,
        SimulateCommand.class, ChatCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Beacon implements Runnable {

  @CommandLine.Mixin
  LogOptions logOptions;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return CliErrors.install(new CommandLine(new Beacon()).setCaseInsensitiveEnumValuesAllowed(true));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

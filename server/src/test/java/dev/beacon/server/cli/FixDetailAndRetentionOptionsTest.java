package dev.beacon.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.FixDetailLimits;
import dev.beacon.ingestor.RetentionConfig;
import dev.beacon.server.BeaconServer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FixDetailAndRetentionOptionsTest {

  @Test
  @DisplayName("the attribute bounds reach the gateway's GPS limits; unset, they are the defaults")
  void attributeBounds() {
    FixDetailLimits set =
        gateway(
                "--fix-max-attributes",
                "4",
                "--fix-max-attribute-name-length",
                "10",
                "--fix-max-attribute-value-length",
                "20")
            .fixDetails
            .limits();
    assertThat(set).isEqualTo(new FixDetailLimits(4, 10, 20));
    GatewayOptions defaults = gateway();
    assertThat(defaults.config().limits().details()).isEqualTo(FixDetailLimits.defaults());
  }

  @Test
  @DisplayName("retention is off by default, takes a duration or off, and its batch and interval")
  void retention() {
    assertThat(ingestor().retention.config()).isEqualTo(RetentionConfig.off());
    RetentionConfig set =
        ingestor(
                "--retention",
                "30d",
                "--retention-batch-rows",
                "1000",
                "--retention-interval",
                "5m")
            .retention
            .config();
    assertThat(set)
        .isEqualTo(new RetentionConfig(Duration.ofDays(30), 1000, Duration.ofMinutes(5)));
    assertThat(ingestor("--retention", "OFF").retention.config().isOff()).isTrue();
  }

  private static GatewayOptions gateway(String... flags) {
    CommandLine.ParseResult parsed =
        BeaconServer.commandLine().parseArgs(prepend("gateway", flags));
    return ((GatewayCommand) parsed.subcommand().commandSpec().userObject()).options;
  }

  private static IngestorOptions ingestor(String... flags) {
    CommandLine.ParseResult parsed =
        BeaconServer.commandLine().parseArgs(prepend("ingestor", flags));
    return ((IngestorCommand) parsed.subcommand().commandSpec().userObject()).options;
  }

  private static String[] prepend(String command, String[] flags) {
    String[] args = new String[flags.length + 1];
    args[0] = command;
    System.arraycopy(flags, 0, args, 1, flags.length);
    return args;
  }
}

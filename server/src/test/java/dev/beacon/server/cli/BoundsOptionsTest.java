package dev.beacon.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.security.ResourceBounds;
import dev.beacon.server.BeaconServer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BoundsOptionsTest {

  @Test
  @DisplayName(
      "the bounded-resource flags of beacon gateway reach its config; unset, they are the documented defaults")
  void gatewayFlags() {
    GatewayConfig set =
        gateway(
            "--max-recovery-readers",
            "7",
            "--max-recoveries-per-connection",
            "3",
            "--http-idle-timeout",
            "30s",
            "--http-header-timeout",
            "3s",
            "--admin-max-failures",
            "5",
            "--admin-failure-window",
            "2m",
            "--metrics-token",
            "scrape-me");
    assertThat(set.bounds().maxRecoveryReaders()).isEqualTo(7);
    assertThat(set.bounds().maxRecoveriesPerConnection()).isEqualTo(3);
    assertThat(set.bounds().http().idle()).isEqualTo(Duration.ofSeconds(30));
    assertThat(set.bounds().http().headerRead()).isEqualTo(Duration.ofSeconds(3));
    assertThat(set.bounds().adminMaxFailures()).isEqualTo(5);
    assertThat(set.bounds().adminFailureWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(set.metricsToken()).isEqualTo("scrape-me");

    assertThat(gateway().bounds()).isEqualTo(ResourceBounds.defaults());
    assertThat(gateway().metricsToken()).isEmpty();
  }

  @Test
  @DisplayName("beacon broadcaster takes the HTTP timeouts too")
  void broadcasterFlags() {
    CommandLine.ParseResult parsed =
        BeaconServer.commandLine().parseArgs("broadcaster", "--http-header-timeout", "2s");
    BroadcasterCommand command =
        (BroadcasterCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(command.httpTimeouts.config().headerRead()).isEqualTo(Duration.ofSeconds(2));
  }

  private static GatewayConfig gateway(String... flags) {
    String[] args = new String[flags.length + 1];
    args[0] = "gateway";
    System.arraycopy(flags, 0, args, 1, flags.length);
    CommandLine.ParseResult parsed = BeaconServer.commandLine().parseArgs(args);
    return ((GatewayCommand) parsed.subcommand().commandSpec().userObject()).options.config();
  }
}

package dev.beacon.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.gateway.trackers.TrackerConfig;
import dev.beacon.server.BeaconServer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TrackerOptionsTest {

  @Test
  @DisplayName(
      "beacon gateway serves no tracker port unless asked; 'local' (enabled when unset) serves both")
  void defaults() {
    TrackerOptions unset = options();
    assertThat(unset.config(false)).isEqualTo(TrackerConfig.defaults());
    TrackerConfig local = unset.config(true);
    assertThat(local.httpEnabled()).isTrue();
    assertThat(local.mqttEnabled()).isTrue();
    assertThat(local.httpPort()).isEqualTo(5055);
    assertThat(local.mqttPort()).isEqualTo(1883);
  }

  @Test
  @DisplayName("the tracker flags reach the config, and 'false' turns a listener off in local too")
  void flags() {
    TrackerConfig set =
        options(
                "--tracker-http",
                "true",
                "--tracker-http-port",
                "0",
                "--tracker-max-body-bytes",
                "4096",
                "--mqtt",
                "false",
                "--mqtt-port",
                "11883",
                "--mqtt-max-packet-bytes",
                "2048",
                "--mqtt-max-keep-alive",
                "5m",
                "--mqtt-connect-timeout",
                "3s")
            .config(true);
    assertThat(set.httpEnabled()).isTrue();
    assertThat(set.httpPort()).isZero();
    assertThat(set.maxBodyBytes()).isEqualTo(4096);
    assertThat(set.mqttEnabled()).isFalse();
    assertThat(set.mqttPort()).isEqualTo(11883);
    assertThat(set.mqttMaxPacketBytes()).isEqualTo(2048);
    assertThat(set.mqttMaxKeepAlive()).isEqualTo(Duration.ofMinutes(5));
    assertThat(set.mqttConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("a value that cannot work names its setting")
  void refusals() {
    assertThatThrownBy(() -> options("--mqtt", "maybe").config(false))
        .hasMessageContaining("BEACON_MQTT (--mqtt) must be true or false");
    assertThatThrownBy(() -> options("--mqtt-max-packet-bytes", "10").config(false))
        .hasMessageContaining("BEACON_MQTT_MAX_PACKET_BYTES");
    assertThatThrownBy(() -> options("--mqtt-max-keep-alive", "0s").config(false))
        .hasMessageContaining("BEACON_MQTT_MAX_KEEP_ALIVE");
  }

  private static TrackerOptions options(String... flags) {
    String[] args = new String[flags.length + 1];
    args[0] = "gateway";
    System.arraycopy(flags, 0, args, 1, flags.length);
    GatewayCommand command =
        (GatewayCommand)
            BeaconServer.commandLine().parseArgs(args).subcommand().commandSpec().userObject();
    return command.trackers;
  }
}

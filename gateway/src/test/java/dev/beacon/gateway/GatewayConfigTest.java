package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.common.gps.GpsLimits;
import dev.beacon.gateway.session.ClientPings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  @Test
  @DisplayName("defaults are the documented ones")
  void defaults() {
    GatewayConfig config = GatewayConfig.defaults();
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.gatewayId()).isEqualTo(GatewayConfig.defaultGatewayId(8080)).endsWith("-8080");
    assertThat(config.limits()).isEqualTo(GpsLimits.defaults());
    assertThat(config.maxFrameSize()).isEqualTo(65_536);
    assertThat(config.maxMessageSize()).isEqualTo(65_536);
    assertThat(config.maxInFlightPerConnection()).isEqualTo(1024);
    assertThat(config.maxInFlightTotal()).isEqualTo(100_000);
  }

  @Test
  @DisplayName("a default gateway id follows the port; an explicit one is kept")
  void idFollowsPort() {
    assertThat(GatewayConfig.defaults().withPort(9001).gatewayId()).endsWith("-9001");
    assertThat(GatewayConfig.defaults().withGatewayId("gw-a").withPort(9001).gatewayId()).isEqualTo("gw-a");
  }

  @Test
  @DisplayName("invalid values are rejected with a message naming the setting")
  void validation() {
    GatewayConfig config = GatewayConfig.defaults();
    assertThatThrownBy(() -> config.withPort(70_000)).hasMessageContaining("BEACON_GATEWAY_PORT");
    assertThatThrownBy(() -> config.withInstances(0)).hasMessageContaining("BEACON_GATEWAY_INSTANCES");
    assertThatThrownBy(() -> config.withGatewayId(" ")).hasMessageContaining("BEACON_GATEWAY_ID");
    assertThatThrownBy(() -> config.withSizeLimits(100, 100)).hasMessageContaining("BEACON_MAX_LINE_LENGTH");
    assertThatThrownBy(() -> config.withSizeLimits(4096, 1024)).hasMessageContaining("BEACON_MAX_MESSAGE_SIZE");
    assertThatThrownBy(() -> config.withInFlightLimits(0, 10))
        .hasMessageContaining("BEACON_MAX_IN_FLIGHT_PER_CONNECTION");
    assertThatThrownBy(() -> config.withInFlightLimits(10, 0)).hasMessageContaining("BEACON_MAX_IN_FLIGHT_TOTAL");
    assertThatThrownBy(() -> GatewayConfig.builder().host("").build()).hasMessageContaining("BEACON_GATEWAY_HOST");
    assertThatThrownBy(() -> config.toBuilder().presencePeriod(java.time.Duration.ofMillis(10)).build())
        .hasMessageContaining("BEACON_PRESENCE_PERIOD");
  }

  @Test
  @DisplayName("the outbound byte limit defaults to 1 MiB, survives the with-copies, and must fit a large delivery")
  void maxOutboundBytes() {
    assertThat(GatewayConfig.defaults().maxOutboundBytes()).isEqualTo(1L << 20);
    GatewayConfig config = GatewayConfig.defaults().withMaxOutboundBytes(100_000);
    assertThat(config.withPort(9001).withInstances(2).withHeartbeat(ClientPings.defaults())
        .withInFlightLimits(1, 1).withSizeLimits(65_536, 65_536).withGatewayId("g").maxOutboundBytes())
        .isEqualTo(100_000);
    assertThatThrownBy(() -> GatewayConfig.defaults().withMaxOutboundBytes(1024))
        .hasMessageContaining("BEACON_MAX_OUTBOUND_BYTES");
  }

  @Test
  @DisplayName("the room cap defaults to 256, 0 means no limit, and a negative one names its knob")
  void maxRoomsPerConnection() {
    assertThat(GatewayConfig.defaults().maxRoomsPerConnection()).isEqualTo(256);
    assertThat(GatewayConfig.defaults().withMaxRoomsPerConnection(0).withPort(9001).maxRoomsPerConnection()).isZero();
    assertThatThrownBy(() -> GatewayConfig.defaults().withMaxRoomsPerConnection(-1))
        .hasMessageContaining("BEACON_MAX_ROOMS_PER_CONNECTION");
  }
}

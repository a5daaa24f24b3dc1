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
    assertThat(config.gatewayId())
        .isEqualTo(GatewayConfig.defaultGatewayId(8080))
        .endsWith("-8080");
    assertThat(config.limits()).isEqualTo(GpsLimits.defaults());
    assertThat(config.maxFrameSize()).isEqualTo(65_536);
    assertThat(config.maxMessageSize()).isEqualTo(65_536);
    assertThat(config.maxInFlightPerConnection()).isEqualTo(1024);
    assertThat(config.maxInFlightTotal()).isEqualTo(100_000);
  }

  @Test
  @DisplayName("a default gateway id follows the port; an explicit one is kept")
  void idFollowsPort() {
    assertThat(GatewayConfig.builder().port(9001).build().gatewayId()).endsWith("-9001");
    assertThat(GatewayConfig.builder().gatewayId("gw-a").port(9001).build().gatewayId())
        .isEqualTo("gw-a");
  }

  @Test
  @DisplayName("invalid values are rejected with a message naming the setting")
  void validation() {
    GatewayConfig config = GatewayConfig.defaults();
    assertThatThrownBy(() -> config.toBuilder().port(70_000).build())
        .hasMessageContaining("BEACON_GATEWAY_PORT");
    assertThatThrownBy(() -> config.toBuilder().instances(0).build())
        .hasMessageContaining("BEACON_GATEWAY_INSTANCES");
    assertThatThrownBy(() -> config.toBuilder().gatewayId(" ").build())
        .hasMessageContaining("BEACON_GATEWAY_ID");
    assertThatThrownBy(() -> config.toBuilder().maxFrameSize(100).maxMessageSize(100).build())
        .hasMessageContaining("BEACON_MAX_LINE_LENGTH");
    assertThatThrownBy(() -> config.toBuilder().maxFrameSize(4096).maxMessageSize(1024).build())
        .hasMessageContaining("BEACON_MAX_MESSAGE_SIZE");
    assertThatThrownBy(
            () -> config.toBuilder().maxInFlightPerConnection(0).maxInFlightTotal(10).build())
        .hasMessageContaining("BEACON_MAX_IN_FLIGHT_PER_CONNECTION");
    assertThatThrownBy(
            () -> config.toBuilder().maxInFlightPerConnection(10).maxInFlightTotal(0).build())
        .hasMessageContaining("BEACON_MAX_IN_FLIGHT_TOTAL");
    assertThatThrownBy(() -> GatewayConfig.builder().host("").build())
        .hasMessageContaining("BEACON_GATEWAY_HOST");
    assertThatThrownBy(
            () -> config.toBuilder().presencePeriod(java.time.Duration.ofMillis(10)).build())
        .hasMessageContaining("BEACON_PRESENCE_PERIOD");
  }

  @Test
  @DisplayName(
      "the outbound byte limit defaults to 1 MiB, survives the with-copies, and must fit a large delivery")
  void maxOutboundBytes() {
    assertThat(GatewayConfig.defaults().maxOutboundBytes()).isEqualTo(1L << 20);
    GatewayConfig config = GatewayConfig.builder().maxOutboundBytes(100_000).build();
    assertThat(
            config.toBuilder()
                .port(9001)
                .instances(2)
                .heartbeat(ClientPings.defaults())
                .maxInFlightPerConnection(1)
                .maxInFlightTotal(1)
                .maxFrameSize(65_536)
                .maxMessageSize(65_536)
                .gatewayId("g")
                .build()
                .maxOutboundBytes())
        .isEqualTo(100_000);
    assertThatThrownBy(() -> GatewayConfig.builder().maxOutboundBytes(1024).build())
        .hasMessageContaining("BEACON_MAX_OUTBOUND_BYTES");
  }

  @Test
  @DisplayName("the room cap defaults to 256, 0 means no limit, and a negative one names its knob")
  void maxRoomsPerConnection() {
    assertThat(GatewayConfig.defaults().maxRoomsPerConnection()).isEqualTo(256);
    assertThat(
            GatewayConfig.builder()
                .maxRoomsPerConnection(0)
                .port(9001)
                .build()
                .maxRoomsPerConnection())
        .isZero();
    assertThatThrownBy(() -> GatewayConfig.builder().maxRoomsPerConnection(-1).build())
        .hasMessageContaining("BEACON_MAX_ROOMS_PER_CONNECTION");
  }
}

package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.gateway.security.SecurityConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Per-connection security limits")
class SessionLimitsTest {

  private static final int MAX_FRAGMENTS = 4;
  private static final int BURST = 5;

  private final ManualFixSink sink = new ManualFixSink().autoAck();
  private TestClient client;

  @BeforeEach
  void connect(Vertx vertx) {
    GatewayConfig config =
        TestGateways.config().toBuilder()
            .security(
                SecurityConfig.defaults().toBuilder()
                    .maxFragments(MAX_FRAGMENTS)
                    .rateLimit(1)
                    .rateBurst(BURST)
                    .build())
            .build();
    Gateway gateway = TestGateways.deploy(vertx, config, sink, TestGateways.REPLY_TIMEOUT);
    client = TestClient.connect(vertx, gateway.port(), "/");
  }

  @Test
  @DisplayName("a message in exactly maxFragments frames is handled")
  void fragmentsWithinLimit() throws Exception {
    client.sendFrame(WebSocketFrame.textFrame("32,1681593747,", false));
    client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer("44.8159745"), false));
    client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(","), false));
    client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer("20.4601243"), true));
    assertThat(client.next()).isEqualTo("OK");
  }

  @Test
  @DisplayName("a message in more than maxFragments frames closes the connection with 1009")
  void tooManyFragments() throws Exception {
    client.sendFrame(WebSocketFrame.textFrame("3", false));
    for (int i = 0; i < MAX_FRAGMENTS; i++) {
      client.sendFrame(
          WebSocketFrame.continuationFrame(Buffer.buffer("2"), i == MAX_FRAGMENTS - 1));
    }
    assertThat(client.awaitClose()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(client.closeReason()).contains("more than " + MAX_FRAGMENTS + " fragments");
  }

  @Test
  @DisplayName("messages beyond the burst and the rate close the connection with 4029")
  void rateLimited() throws Exception {
    // 1 message/s: 20 more than the burst stay over the limit unless sending them took 20 s.
    for (int i = 0; i < BURST + 20 && !client.isClosed(); i++) {
      try {
        client.send("{\"type\":\"ping\"}");
      } catch (AssertionError closedMeanwhile) {
        break;
      }
    }
    assertThat(client.awaitClose()).isEqualTo(CloseCodes.RATE_LIMITED);
    assertThat(client.closeReason()).contains("rate limit");
  }
}

package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.gateway.metrics.GatewayMetrics;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.gateway.session.ClientPings;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that sends and never reads makes the gateway queue what it owes: pongs and replies count
 * against the connection's byte budget, and crossing it closes with 4010. Once the socket stops
 * taking bytes the gateway also stops reading the client's frames, so whether a flood crosses the
 * budget before that depends on the kernel's buffers: a client the gateway stopped reading is
 * closed by the missed pong (4001) instead, its queue below the budget all along. Each flood is
 * bounded (at most 32 MB written, or until the gateway stops reading it) and the queue's size at a
 * 4010 is read from the gateway's metric.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Outbound byte budget per connection")
class QueuedBytesTest {

  private static final long CAP = GatewayConfig.MIN_MAX_OUTBOUND_BYTES;
  private static final long MAX_FLOOD_BYTES = 32L << 20;

  private static GatewayConfig config(String gatewayId, int rateLimit, int burst) {
    return TestGateways.config().toBuilder()
        .gatewayId(gatewayId)
        .maxOutboundBytes(CAP)
        .security(SecurityConfig.builder().rateLimit(rateLimit).rateBurst(burst).build())
        .heartbeat(new ClientPings(Duration.ofSeconds(1), Duration.ofSeconds(2)))
        .build();
  }

  @Test
  @DisplayName(
      "a ping flood from a client that never reads is closed (4010, or 4001 once no longer read), its queue never above the cap")
  void pingFlood(Vertx vertx) throws Exception {
    Gateway gateway =
        TestGateways.deploy(
            vertx,
            config("gw-pings", 0, 0),
            new ManualFixSink().autoAck(),
            TestGateways.REPLY_TIMEOUT);
    byte[] ping = RawWebSocket.frame(true, 0, RawWebSocket.PING, new byte[125], true);
    assertFloodClosedUnderCap(gateway, "gw-pings", ping);
  }

  @Test
  @DisplayName(
      "a presence-request flood from a client that never reads is closed (4010, or 4001 once no longer read), its queue under the cap")
  void presenceFlood(Vertx vertx) throws Exception {
    InMemoryMessageSink messages = new InMemoryMessageSink();
    Gateway gateway = TestGateways.deployMessaging(vertx, config("gw-presence", 0, 0), messages);
    byte[] presence =
        RawWebSocket.frame(
            true,
            0,
            RawWebSocket.TEXT,
            "{\"type\":\"presence\",\"room\":\"lobby\"}".getBytes(StandardCharsets.UTF_8),
            true);
    assertFloodClosedUnderCap(gateway, "gw-presence", presence);
  }

  @Test
  @DisplayName(
      "pings count against the rate limit like messages: beyond the burst the connection closes with 4029")
  void pingsAreRateLimited(Vertx vertx) throws Exception {
    Gateway gateway =
        TestGateways.deploy(
            vertx,
            config("gw-ping-rate", 1, 5),
            new ManualFixSink().autoAck(),
            TestGateways.REPLY_TIMEOUT);
    try (RawWebSocket ws = RawWebSocket.open(gateway.port(), "/")) {
      ws.writeRaw(repeat(RawWebSocket.frame(true, 0, RawWebSocket.PING, new byte[4], true), 30));
      assertThat(ws.awaitClose(Duration.ofSeconds(20))).isEqualTo(CloseCodes.RATE_LIMITED);
    }
  }

  private static void assertFloodClosedUnderCap(Gateway gateway, String gatewayId, byte[] frame)
      throws Exception {
    byte[] batch = repeat(frame, 65_536 / frame.length);
    try (RawWebSocket ws = RawWebSocket.open(gateway.port(), "/chat", 4096, "")) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (long sent = 0;
                      sent < MAX_FLOOD_BYTES && slowCloses(gatewayId) == 0;
                      sent += batch.length) {
                    ws.writeRaw(batch);
                  }
                } catch (IOException closedByServer) {
                  // The gateway dropped the connection: the flood is over.
                }
              },
              "flood-writer");
      writer.setDaemon(true);
      writer.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (closedByBudgetOrPings(gatewayId) == 0 && System.nanoTime() < deadline) {
        writer.join(100);
      }
      assertThat(closedByBudgetOrPings(gatewayId))
          .as("connections closed with 4010 or 4001")
          .isEqualTo(1);
      if (slowCloses(gatewayId) == 1) {
        assertThat(GatewayMetrics.of(gatewayId).slowCloseQueuedMax())
            .as("bytes queued for the client at its close")
            .isPositive()
            .isLessThanOrEqualTo(CAP);
      }
      assertThat(ws.awaitClose(Duration.ofSeconds(30)))
          .isIn((int) CloseCodes.SLOW_CONSUMER, (int) CloseCodes.NO_PONG);
    }
  }

  private static long closedByBudgetOrPings(String gatewayId) {
    GatewayMetrics metrics = GatewayMetrics.of(gatewayId);
    return metrics.closes(CloseCodes.SLOW_CONSUMER) + metrics.closes(CloseCodes.NO_PONG);
  }

  private static long slowCloses(String gatewayId) {
    return GatewayMetrics.of(gatewayId).slowCloseCount();
  }

  private static byte[] repeat(byte[] frame, int times) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(frame.length * times);
    for (int i = 0; i < times; i++) {
      out.write(frame, 0, frame.length);
    }
    return out.toByteArray();
  }
}

package dev.beacon.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.CloseCodes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry, "gw-test");

  @Test
  @DisplayName(
      "replies are typed by their first bytes: OK, ERR, or the JSON type that always comes first")
  void repliesAreTyped() {
    assertThat(GatewayMetrics.replyType("{\"type\":\"broadcast_ack\",\"id\":1}"))
        .isEqualTo("broadcast_ack");
    assertThat(GatewayMetrics.replyType("{\"type\":\"broadcast\",\"message\":\"x\"}"))
        .isEqualTo("broadcast");
    assertThat(GatewayMetrics.replyType("{\"type\":\"welcome\"}")).isEqualTo("welcome");
    assertThat(GatewayMetrics.replyType("{\"type\":\"newfangled\"}"))
        .isEqualTo(GatewayMetrics.OTHER);
    assertThat(GatewayMetrics.replyType("{\"id\":1,\"type\":\"ack\"}"))
        .isEqualTo(GatewayMetrics.OTHER);

    metrics.replyOut("OK");
    metrics.replyOut("ERR invalid_line: expected 4 fields");
    metrics.replyOut("{\"type\":\"ack\",\"id\":7}");

    assertThat(out("ok")).isEqualTo(1);
    assertThat(out("err")).isEqualTo(1);
    assertThat(out("ack")).isEqualTo(1);
  }

  @Test
  @DisplayName("incoming JSON of an unknown type or none counts as invalid; CSV lines as csv")
  void incomingTypes() {
    metrics.jsonIn("chat");
    metrics.jsonIn(null);
    metrics.jsonIn("no-such-type");
    metrics.csvIn();

    assertThat(in("chat")).isEqualTo(1);
    assertThat(in(GatewayMetrics.INVALID)).isEqualTo(2);
    assertThat(in(GatewayMetrics.CSV)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "connections go up and down by path; a 4010 close also counts as a slow-consumer disconnect")
  void connectionsAndCloses() {
    metrics.connected(GatewayMetrics.ConnectionKind.CHAT);
    metrics.connected(GatewayMetrics.ConnectionKind.DEVICE);
    metrics.connected(GatewayMetrics.ConnectionKind.DEVICE);
    metrics.disconnected(GatewayMetrics.ConnectionKind.DEVICE);
    metrics.closed(CloseCodes.SLOW_CONSUMER);
    metrics.closed(CloseCodes.MESSAGE_TOO_BIG);

    assertThat(registry.get("beacon_gateway_connections").tag("path", "device").gauge().value())
        .isEqualTo(1);
    assertThat(registry.get("beacon_gateway_connections").tag("path", "chat").gauge().value())
        .isEqualTo(1);
    assertThat(registry.get("beacon_gateway_slow_consumer_disconnects_total").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("beacon_gateway_closes_total").tag("code", "1009").counter().count())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("acks feed the latency histogram, failures the produce-error counter")
  void acksAndFailures() {
    metrics.acknowledged(TimeUnit.MILLISECONDS.toNanos(3));
    metrics.produceFailed();

    assertThat(registry.get("beacon_gateway_ack_latency_seconds").timer().count()).isEqualTo(1);
    assertThat(registry.get("beacon_gateway_kafka_produce_errors_total").counter().count())
        .isEqualTo(1);
  }

  private double in(String type) {
    return registry.get("beacon_gateway_messages_in_total").tag("type", type).counter().count();
  }

  private double out(String type) {
    return registry.get("beacon_gateway_messages_out_total").tag("type", type).counter().count();
  }
}

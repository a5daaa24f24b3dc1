package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CsvFramesTest {

  private static final String LINE = "32,1681593747,44.8159745,20.4601243";

  private final ManualFixSink sink = new ManualFixSink();
  private Vertx vertx;
  private Gateway gateway;

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    gateway = TestGateways.deploy(vertx, sink);
  }

  @Test
  @DisplayName(
      "a simulator line is answered OK only after the sink has the fix, stamped by the gateway")
  void okOnlyAfterAck() throws Exception {
    TestClient device = TestClient.connect(vertx, gateway.port(), "/");
    long before = System.currentTimeMillis();
    device.send(LINE);

    ManualFixSink.PendingFix pending = sink.next();
    assertThat(device.pending()).as("no reply before the sink acknowledged").isZero();
    pending.ack();

    assertThat(device.next()).isEqualTo("OK");
    GpsFix fix = pending.fix();
    assertThat(fix.deviceId()).isEqualTo("32");
    assertThat(fix.deviceTs()).isEqualTo(1_681_593_747_000L);
    assertThat(fix.lat()).isEqualTo(44.8159745);
    assertThat(fix.lon()).isEqualTo(20.4601243);
    assertThat(fix.gateway()).isEqualTo(TestGateways.GATEWAY_ID);
    assertThat(fix.receivedAt()).isBetween(before, System.currentTimeMillis());
  }

  @Test
  @DisplayName("millisecond timestamps and southern, western coordinates are accepted")
  void millisecondsAndAnyHemisphere() throws Exception {
    TestClient device = TestClient.connect(vertx, gateway.port(), "/ws");
    device.send("dev-7,1681593747123,-33.8688,-151.2093");
    ManualFixSink.PendingFix pending = sink.next();
    pending.ack();

    assertThat(device.next()).isEqualTo("OK");
    assertThat(pending.fix().deviceTs()).isEqualTo(1_681_593_747_123L);
    assertThat(pending.fix().lon()).isEqualTo(-151.2093);
  }

  @Test
  @DisplayName(
      "an invalid line gets ERR with its reason, nothing is written, and the connection stays open")
  void invalidLineKeepsConnection() throws Exception {
    TestClient device = TestClient.connect(vertx, gateway.port(), "/");
    device.send("32,1681593747,95.0,20.46");
    assertThat(device.next()).startsWith("ERR lat_out_of_range: ");
    device.send("hello");
    assertThat(device.next()).startsWith("ERR bad_format: ");
    assertThat(sink.waiting()).isZero();

    device.send(LINE);
    sink.next().ack();
    assertThat(device.next()).isEqualTo("OK");
    assertThat(device.isClosed()).isFalse();
  }

  @Test
  @DisplayName("replies keep the order of the frames when the sink completes them out of order")
  void repliesInArrivalOrder() throws Exception {
    TestClient device = TestClient.connect(vertx, gateway.port(), "/");
    device.send("1,1681593747,1.0,1.0");
    device.send("not a fix");
    device.send("3,1681593747,3.0,3.0");
    device.send("4,1681593747,4.0,4.0");
    ManualFixSink.PendingFix first = sink.next();
    ManualFixSink.PendingFix third = sink.next();
    ManualFixSink.PendingFix fourth = sink.next();

    fourth.ack();
    third.ack();
    roundTripOnAnotherConnection();
    assertThat(device.pending()).as("later replies wait for the first").isZero();

    first.fail(new TimeoutException("Expiring 1 record(s)"));
    assertThat(device.next()).startsWith("ERR kafka_unavailable: ");
    assertThat(device.next()).startsWith("ERR bad_format: ");
    assertThat(device.next()).isEqualTo("OK");
    assertThat(device.next()).isEqualTo("OK");
  }

  @Test
  @DisplayName("a failed send is answered ERR kafka_unavailable, never OK")
  void sinkFailureIsNotOk() throws Exception {
    TestClient device = TestClient.connect(vertx, gateway.port(), "/");
    device.send(LINE);
    sink.next().fail(new TimeoutException("Expiring 1 record(s) for beacon.gps-0"));

    assertThat(device.next())
        .startsWith("ERR kafka_unavailable: Kafka did not acknowledge the fix (TimeoutException)");
  }

  @Test
  @DisplayName(
      "a sink that never answers is answered ERR kafka_unavailable after the reply timeout")
  void silentSinkTimesOut() throws Exception {
    gateway = TestGateways.deploy(vertx, TestGateways.config(), sink, Duration.ofMillis(300));
    TestClient device = TestClient.connect(vertx, gateway.port(), "/");
    device.send(LINE);
    sink.next();

    assertThat(device.next())
        .isEqualTo(
            "ERR kafka_unavailable: no acknowledgement from Kafka within 300 ms; the fix may not be stored, "
                + "send it again later");
  }

  @Test
  @DisplayName("beyond maxInFlightTotal a fix is answered ERR overloaded at once and not written")
  void overloadedWhenProcessBudgetIsSpent() throws Exception {
    gateway =
        TestGateways.deploy(
            vertx,
            TestGateways.config().toBuilder()
                .maxInFlightPerConnection(10)
                .maxInFlightTotal(1)
                .build(),
            sink,
            TestGateways.REPLY_TIMEOUT);
    TestClient first = TestClient.connect(vertx, gateway.port(), "/");
    TestClient second = TestClient.connect(vertx, gateway.port(), "/");
    first.send(LINE);
    ManualFixSink.PendingFix pending = sink.next();

    second.send(LINE);
    assertThat(second.next()).startsWith("ERR overloaded: ");
    assertThat(sink.waiting()).isZero();

    pending.ack();
    assertThat(first.next()).isEqualTo("OK");
    second.send(LINE);
    sink.next().ack();
    assertThat(second.next()).isEqualTo("OK");
  }

  /**
   * The verticle's event loop has run everything queued before this returns: one instance, one
   * loop.
   */
  private void roundTripOnAnotherConnection() throws Exception {
    TestClient other = TestClient.connect(vertx, gateway.port(), "/");
    other.send("barrier");
    assertThat(other.next()).startsWith("ERR ");
  }
}

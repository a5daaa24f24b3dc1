package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.CloseCodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ConnectionLimitsTest {

  private static final int MAX_FRAME = 1024;
  private static final int MAX_MESSAGE = 2048;
  private static final int WINDOW = 3;
  private static final String LINE = "32,1681593747,44.8159745,20.4601243";

  private final ManualFixSink sink = new ManualFixSink();
  private Gateway gateway;
  private TestClient client;

  @BeforeEach
  void connect(Vertx vertx) {
    GatewayConfig config =
        TestGateways.config().toBuilder()
            .maxFrameSize(MAX_FRAME)
            .maxMessageSize(MAX_MESSAGE)
            .maxInFlightPerConnection(WINDOW)
            .maxInFlightTotal(100)
            .build();
    gateway = TestGateways.deploy(vertx, config, sink, TestGateways.REPLY_TIMEOUT);
    client = TestClient.connect(vertx, gateway.port(), "/");
  }

  @Test
  @DisplayName("a binary frame closes the connection with 1003")
  void binaryFrame() throws Exception {
    client.sendBinary(LINE.getBytes(StandardCharsets.UTF_8));
    assertThat(client.awaitClose()).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
    assertThat(client.closeReason()).isEqualTo("binary frames are not accepted; send text");
    assertThat(sink.waiting()).isZero();
  }

  @Test
  @DisplayName("a text frame that is not valid UTF-8 closes the connection with 1007")
  void invalidUtf8() throws Exception {
    client.sendRawText(new byte[] {'3', '2', ',', (byte) 0xC3, (byte) 0x28});
    assertThat(client.awaitClose()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(sink.waiting()).isZero();
  }

  @Test
  @DisplayName("multi-byte UTF-8 is accepted and judged by the CSV parser")
  void validMultiByteUtf8() throws Exception {
    client.send("gerät,1681593747,1.0,2.0");
    assertThat(client.next()).startsWith("ERR bad_device_id: ");
  }

  @Test
  @DisplayName("a frame above maxFrameSize closes the connection with 1009")
  void frameTooBig() throws Exception {
    client.sendFrame(WebSocketFrame.textFrame("x".repeat(MAX_FRAME + 1), true));
    assertThat(client.awaitClose()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
  }

  @Test
  @DisplayName("a fragmented message above maxMessageSize closes the connection with 1009")
  void messageTooBig() throws Exception {
    String chunk = "x".repeat(MAX_FRAME);
    client.sendFrame(WebSocketFrame.textFrame(chunk, false));
    client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(chunk), false));
    client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(chunk), true));
    assertThat(client.awaitClose()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    assertThat(client.closeReason()).contains(String.valueOf(MAX_MESSAGE));
  }

  @Test
  @DisplayName("a fragmented message within the limits is reassembled and handled as one line")
  void fragmentedLine() throws Exception {
    client.sendFrame(WebSocketFrame.textFrame("32,16815937", false));
    client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer("47,44.8159745,"), false));
    client.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer("20.4601243"), true));
    ManualFixSink.PendingFix pending = sink.next();
    pending.ack();
    assertThat(client.next()).isEqualTo("OK");
    assertThat(pending.fix().lon()).isEqualTo(20.4601243);
  }

  @Test
  @DisplayName(
      "more than maxInFlightPerConnection frames awaiting replies close the connection with 4008")
  void inFlightWindow() throws Exception {
    for (int i = 0; i <= WINDOW; i++) {
      client.send(LINE);
    }
    assertThat(client.awaitClose()).isEqualTo(CloseCodes.TOO_MANY_IN_FLIGHT);
    assertThat(client.closeReason()).contains("window " + WINDOW);
    for (int i = 0; i < WINDOW; i++) {
      sink.next().ack();
    }
    assertThat(sink.waiting()).isZero();
  }

  @Test
  @DisplayName("on close the gateway answers what is in flight, then closes connections with 1001")
  void gracefulShutdown() throws Exception {
    client.send(LINE);
    ManualFixSink.PendingFix pending = sink.next();
    Future<Void> closed = gateway.close();
    pending.ack();

    assertThat(client.next()).isEqualTo("OK");
    assertThat(client.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
    TestClient.await(closed);
  }
}

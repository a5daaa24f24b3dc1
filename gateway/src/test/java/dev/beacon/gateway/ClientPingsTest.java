package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.gateway.session.ClientPings;
import io.vertx.core.Vertx;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientPingsTest {

  private static final ClientPings FAST =
      new ClientPings(Duration.ofMillis(200), Duration.ofMillis(300));

  private Vertx vertx;
  private Gateway gateway;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    gateway =
        TestGateways.deploy(
            vertx,
            TestGateways.config().toBuilder().heartbeat(FAST).build(),
            new ManualFixSink(),
            TestGateways.REPLY_TIMEOUT);
  }

  @AfterEach
  void stop() {
    TestClient.await(gateway.close());
    TestClient.await(vertx.close());
  }

  @Test
  @DisplayName("a client that never answers the server's ping is closed with 4001")
  void silentClientIsClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(5000);
      DataInputStream in = handshake(socket);
      int[] ping = readFrame(in);
      assertThat(ping[0] & 0x0f).as("opcode of the first server frame").isEqualTo(0x9);
      int[] close = readFrame(in);
      assertThat(close[0] & 0x0f).as("opcode of the next server frame").isEqualTo(0x8);
      assertThat(close[1]).isEqualTo(CloseCodes.NO_PONG);
    }
  }

  @Test
  @DisplayName("a client that answers pings stays connected across many heartbeat intervals")
  void answeringClientStays() throws Exception {
    TestClient client = TestClient.connect(vertx, gateway.port(), "/ws");
    long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
    while (System.nanoTime() < until) {
      assertThat(client.isClosed()).isFalse();
      Thread.sleep(100);
    }
    client.send("{\"type\":\"ping\"}");
    assertThat(client.nextJson().getString("type")).isEqualTo("pong");
    client.close();
  }

  private static DataInputStream handshake(Socket socket) throws IOException {
    String key =
        Base64.getEncoder().encodeToString("beacon-heartbeat".getBytes(StandardCharsets.US_ASCII));
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: "
                + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.readUnsignedByte());
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
    return in;
  }

  /** Reads one unmasked server frame: {first byte, close code or -1}. */
  private static int[] readFrame(DataInputStream in) throws IOException {
    int first = in.readUnsignedByte();
    int length = in.readUnsignedByte() & 0x7f;
    byte[] payload = new byte[length];
    in.readFully(payload);
    int code =
        (first & 0x0f) == 0x8 && length >= 2
            ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff)
            : -1;
    return new int[] {first, code};
  }
}

package dev.beacon.gateway;

import static dev.beacon.gateway.RawWebSocket.BINARY;
import static dev.beacon.gateway.RawWebSocket.CLOSE;
import static dev.beacon.gateway.RawWebSocket.CONTINUATION;
import static dev.beacon.gateway.RawWebSocket.PING;
import static dev.beacon.gateway.RawWebSocket.PONG;
import static dev.beacon.gateway.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 conformance of a gateway, with raw frames (the cases Autobahn's fuzzing client checks,
 * for the parts a text-only server must handle): framing and masking, reserved bits and opcodes,
 * control-frame rules, fragmentation with interleaved control frames, UTF-8 (split across
 * fragments, invalid), close codes and reasons, and size limits. "Fail the connection" is accepted
 * as a close frame with the expected code or, where the RFC allows the server to drop the TCP
 * connection at once, the end of the stream.
 */
@ExtendWith(VertxExtension.class)
class WebSocketConformanceTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final int PROTOCOL_ERROR = 1002;
  private static final int ENDED_WITHOUT_CLOSE = -2;

  private RawWebSocket ws;

  @BeforeEach
  void connect(Vertx vertx) throws IOException {
    Gateway gateway = TestGateways.deploy(vertx, new ManualFixSink().autoAck());
    ws = RawWebSocket.open(gateway.port(), "/ws");
  }

  @AfterEach
  void disconnect() throws IOException {
    ws.close();
  }

  private void assertEcho(String id) throws IOException {
    RawWebSocket.Frame reply = ws.read(WAIT);
    assertThat(reply).as("a reply").isNotNull();
    assertThat(reply.opcode()).isEqualTo(TEXT);
    assertThat(reply.text()).contains("\"pong\"").contains("\"id\":\"" + id + "\"");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Nested
  @DisplayName("framing")
  class Framing {

    @Test
    @DisplayName("a masked text frame is answered")
    void maskedText() throws IOException {
      ws.sendText("{\"type\":\"ping\",\"id\":\"a\"}");
      assertEcho("a");
    }

    @Test
    @DisplayName("an unmasked client frame fails the connection (5.1)")
    void unmasked() throws IOException {
      ws.send(true, 0, TEXT, utf8("{\"type\":\"ping\"}"), false);
      assertThat(ws.awaitClose(WAIT)).isIn(PROTOCOL_ERROR, ENDED_WITHOUT_CLOSE);
    }

    @ParameterizedTest(name = "RSV bits {0}")
    @ValueSource(ints = {1, 2, 4, 7})
    @DisplayName("reserved bits without a negotiated extension fail the connection (5.2)")
    void reservedBits(int rsv) throws IOException {
      ws.send(true, rsv, TEXT, utf8("{\"type\":\"ping\"}"), true);
      assertThat(ws.awaitClose(WAIT)).isIn(PROTOCOL_ERROR, ENDED_WITHOUT_CLOSE);
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    @DisplayName("reserved opcodes fail the connection (5.2)")
    void reservedOpcodes(int opcode) throws IOException {
      ws.send(true, 0, opcode, new byte[0], true);
      assertThat(ws.awaitClose(WAIT)).isIn(PROTOCOL_ERROR, ENDED_WITHOUT_CLOSE);
    }

    @Test
    @DisplayName("a binary frame is refused with 1003 (Beacon speaks text)")
    void binary() throws IOException {
      ws.send(BINARY, new byte[] {1, 2, 3});
      assertThat(ws.awaitClose(WAIT)).isEqualTo(1003);
    }
  }

  @Nested
  @DisplayName("control frames")
  class ControlFrames {

    @Test
    @DisplayName("a ping is answered with a pong carrying the same payload (5.5.2)")
    void pingPong() throws IOException {
      byte[] payload = utf8("hello, ping");
      ws.send(PING, payload);
      RawWebSocket.Frame pong = ws.read(WAIT);
      assertThat(pong.opcode()).isEqualTo(PONG);
      assertThat(pong.payload()).isEqualTo(payload);
    }

    @Test
    @DisplayName("an unsolicited pong is ignored (5.5.3)")
    void unsolicitedPong() throws IOException {
      ws.send(PONG, utf8("unasked"));
      ws.sendText("{\"type\":\"ping\",\"id\":\"after-pong\"}");
      assertEcho("after-pong");
    }

    @Test
    @DisplayName("a control frame above 125 bytes fails the connection (5.5)")
    void longPing() throws IOException {
      ws.send(PING, new byte[126]);
      assertThat(ws.awaitClose(WAIT)).isIn(PROTOCOL_ERROR, ENDED_WITHOUT_CLOSE);
    }

    @Test
    @DisplayName("a fragmented control frame fails the connection (5.5)")
    void fragmentedPing() throws IOException {
      ws.send(false, 0, PING, utf8("half"), true);
      assertThat(ws.awaitClose(WAIT)).isIn(PROTOCOL_ERROR, ENDED_WITHOUT_CLOSE);
    }
  }

  @Nested
  @DisplayName("fragmentation")
  class Fragmentation {

    @Test
    @DisplayName(
        "a message in three fragments with a ping between them: pong first, then the reply (5.4)")
    void pingBetweenFragments() throws IOException {
      ws.send(false, 0, TEXT, utf8("{\"type\":\"ping\","), true);
      ws.send(PING, utf8("between"));
      ws.send(false, 0, CONTINUATION, utf8("\"id\":"), true);
      ws.send(true, 0, CONTINUATION, utf8("\"frag\"}"), true);
      RawWebSocket.Frame pong = ws.read(WAIT);
      assertThat(pong.opcode()).isEqualTo(PONG);
      assertThat(pong.payload()).isEqualTo(utf8("between"));
      assertEcho("frag");
    }

    @Test
    @DisplayName("a continuation without a message to continue fails the connection (5.4)")
    void orphanContinuation() throws IOException {
      ws.send(true, 0, CONTINUATION, utf8("lost"), true);
      assertThat(ws.awaitClose(WAIT)).isIn(PROTOCOL_ERROR, ENDED_WITHOUT_CLOSE);
    }

    @Test
    @DisplayName("a new text frame inside an unfinished message fails the connection (5.4)")
    void textInsideMessage() throws IOException {
      ws.send(false, 0, TEXT, utf8("{\"type\":"), true);
      ws.send(true, 0, TEXT, utf8("{\"type\":\"ping\"}"), true);
      assertThat(ws.awaitClose(WAIT)).isIn(PROTOCOL_ERROR, ENDED_WITHOUT_CLOSE);
    }

    @Test
    @DisplayName("empty fragments are allowed (5.4)")
    void emptyFragments() throws IOException {
      ws.send(false, 0, TEXT, new byte[0], true);
      ws.send(false, 0, CONTINUATION, utf8("{\"type\":\"ping\",\"id\":\"e\"}"), true);
      ws.send(true, 0, CONTINUATION, new byte[0], true);
      assertEcho("e");
    }
  }

  @Nested
  @DisplayName("UTF-8")
  class Utf8 {

    @Test
    @DisplayName("a code point split across fragments is reassembled (8.1)")
    void splitCodePoint() throws IOException {
      byte[] message = utf8("{\"type\":\"ping\",\"id\":\"\u20ac\uD83D\uDE00\"}");
      int cut = indexOf(message, (byte) 0xE2) + 1;
      int cut2 = indexOf(message, (byte) 0xF0) + 2;
      ws.send(false, 0, TEXT, Arrays.copyOfRange(message, 0, cut), true);
      ws.send(false, 0, CONTINUATION, Arrays.copyOfRange(message, cut, cut2), true);
      ws.send(true, 0, CONTINUATION, Arrays.copyOfRange(message, cut2, message.length), true);
      assertEcho("\u20ac\uD83D\uDE00");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C328", "ED A0 80", "F4 90 80 80", "C0 AF", "FF", "E2 82"})
    @DisplayName("invalid UTF-8 in a text message closes with 1007 (8.1)")
    void invalid(String hex) throws IOException {
      ws.send(TEXT, concat(utf8("{\"type\":\"ping\",\"id\":\""), bytes(hex), utf8("\"}")));
      assertThat(ws.awaitClose(WAIT)).isEqualTo(1007);
    }

    @Test
    @DisplayName("a message whose last fragment ends inside a code point closes with 1007 (8.1)")
    void truncatedAtEnd() throws IOException {
      ws.send(false, 0, TEXT, utf8("{\"type\":\"ping\"}"), true);
      ws.send(true, 0, CONTINUATION, bytes("E2 82"), true);
      assertThat(ws.awaitClose(WAIT)).isEqualTo(1007);
    }
  }

  @Nested
  @DisplayName("closing")
  class Closing {

    @Test
    @DisplayName("a close with 1000 and a reason is echoed with 1000 (5.5.1)")
    void normalClose() throws IOException {
      ws.sendClose(1000, utf8("bye"));
      assertThat(ws.awaitClose(WAIT)).isEqualTo(1000);
    }

    @Test
    @DisplayName("an empty close frame is answered with a close (5.5.1)")
    void emptyClose() throws IOException {
      ws.sendClose(-1, new byte[0]);
      assertThat(ws.awaitClose(WAIT)).isIn(1000, -1);
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999})
    @DisplayName("a close code that must not be sent fails the connection with 1002 (7.4.1)")
    void invalidCode(int code) throws IOException {
      ws.sendClose(code, new byte[0]);
      assertThat(ws.awaitClose(WAIT)).isIn(PROTOCOL_ERROR, ENDED_WITHOUT_CLOSE);
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {5000, 65535})
    @DisplayName(
        "a close code above 4999 ends in a clean close, refused or echoed (Autobahn 7.13: informational)")
    void undefinedCode(int code) throws IOException {
      ws.sendClose(code, new byte[0]);
      assertThat(ws.awaitClose(WAIT)).isIn(PROTOCOL_ERROR, code);
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {1001, 1003, 1007, 1011, 3000, 4999})
    @DisplayName("any valid close code is echoed as a normal close (7.4.1)")
    void validCodes(int code) throws IOException {
      ws.sendClose(code, new byte[0]);
      assertThat(ws.awaitClose(WAIT)).isIn(1000, code);
    }

    @Test
    @DisplayName("a close frame with a one-byte payload fails the connection (5.5.1)")
    void oneBytePayload() throws IOException {
      ws.send(CLOSE, new byte[] {0x03});
      assertThat(ws.awaitClose(WAIT)).isIn(PROTOCOL_ERROR, ENDED_WITHOUT_CLOSE);
    }

    @Test
    @DisplayName("a close reason that is not UTF-8 fails the connection (5.5.1)")
    void invalidReason() throws IOException {
      ws.sendClose(1000, bytes("C3 28"));
      assertThat(ws.awaitClose(WAIT)).isIn(PROTOCOL_ERROR, 1007, ENDED_WITHOUT_CLOSE);
    }

    @Test
    @DisplayName("nothing is answered after the client's close (5.5.1)")
    void nothingAfterClose() throws IOException {
      ws.sendClose(1000, new byte[0]);
      ws.sendText("{\"type\":\"ping\",\"id\":\"late\"}");
      RawWebSocket.Frame frame = ws.read(WAIT);
      assertThat(frame.opcode()).isEqualTo(CLOSE);
      assertThat(ws.read(Duration.ofMillis(500))).isNull();
    }
  }

  @Nested
  @DisplayName("limits")
  class Limits {

    @Test
    @DisplayName("a frame above BEACON_MAX_FRAME_SIZE closes with 1009")
    void frameTooBig() throws IOException {
      ws.send(TEXT, new byte[GatewayConfig.DEFAULT_MAX_FRAME_SIZE + 1]);
      assertThat(ws.awaitClose(WAIT)).isEqualTo(1009);
    }

    @Test
    @DisplayName("a message above BEACON_MAX_MESSAGE_SIZE in fragments closes with 1009")
    void messageTooBig() throws IOException {
      byte[] half = new byte[GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE / 2 + 1];
      Arrays.fill(half, (byte) 'x');
      ws.send(false, 0, TEXT, half, true);
      ws.send(true, 0, CONTINUATION, half, true);
      assertThat(ws.awaitClose(WAIT)).isEqualTo(1009);
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    throw new IllegalArgumentException("no " + b);
  }

  private static byte[] bytes(String hex) {
    String[] parts = hex.contains(" ") ? hex.split(" ") : hex.split("(?<=\\G..)");
    byte[] out = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}

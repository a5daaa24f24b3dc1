package dev.beacon.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket that writes frames byte by byte as a test says (any
 * opcode, reserved bits, masked or not, any length) and reads the server's frames raw: the client
 * side of RFC 6455 conformance cases, which no WebSocket library lets you break on purpose.
 */
final class RawWebSocket implements AutoCloseable {

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** One frame from the server. */
  record Frame(boolean fin, int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame, or -1 when it carries none. */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects and completes the opening handshake on {@code path}, without offering any extension.
   */
  static RawWebSocket open(int port, String path) throws IOException {
    return open(port, path, 0, "");
  }

  /**
   * Connects with a receive buffer of {@code receiveBuffer} bytes (0: the system's), sending {@code
   * extraHeaders} (whole {@code Name: value\r\n} lines) with the upgrade; {@link #handshake()}
   * holds the 101's head.
   */
  static RawWebSocket open(int port, String path, int receiveBuffer, String extraHeaders)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
    RawWebSocket ws = new RawWebSocket(socket);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    ws.out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    String head = ws.readHead();
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head);
    }
    ws.handshake = head;
    return ws;
  }

  private String handshake = "";

  /** The 101 response's status line and headers. */
  String handshake() {
    return handshake;
  }

  /** Bytes as they are, e.g. many frames built with {@link #frame} written at once. */
  void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      head.write(in.readUnsignedByte());
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** A masked frame with FIN set and no reserved bits. */
  void send(int opcode, byte[] payload) throws IOException {
    send(true, 0, opcode, payload, true);
  }

  /**
   * Any frame: {@code rsv} is the three reserved bits (0-7), {@code masked} whether to mask it as
   * clients must.
   */
  void send(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
    out.write(frame(fin, rsv, opcode, payload, masked));
    out.flush();
  }

  /** The bytes of one frame, as {@link #send(boolean, int, int, byte[], boolean)} writes it. */
  static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(maskBit | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(maskBit | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xFF);
    } else {
      frame.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >> shift) & 0xFF);
      }
    }
    byte[] body = payload.clone();
    if (masked) {
      byte[] key = new byte[4];
      ThreadLocalRandom.current().nextBytes(key);
      frame.write(key, 0, key.length);
      for (int i = 0; i < body.length; i++) {
        body[i] ^= key[i % 4];
      }
    }
    frame.write(body, 0, body.length);
    return frame.toByteArray();
  }

  void sendText(String text) throws IOException {
    send(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A close frame with {@code code} and {@code reason} (code -1: an empty close frame). */
  void sendClose(int code, byte[] reason) throws IOException {
    if (code < 0) {
      send(CLOSE, new byte[0]);
      return;
    }
    byte[] payload = new byte[2 + reason.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(reason, 0, payload, 2, reason.length);
    send(CLOSE, payload);
  }

  /**
   * The next frame, or null when the server closed the TCP connection (or sent nothing) within
   * {@code timeout}.
   */
  Frame read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    try {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7F;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    } catch (EOFException | SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("reset")) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Reads until a close frame (its code), the end of the stream (-2) or the timeout (-3); skips
   * other frames.
   */
  int awaitClose(Duration timeout) throws IOException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      Frame frame = read(Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime())));
      if (frame == null) {
        return socket.isClosed() || endOfStream() ? -2 : -3;
      }
      if (frame.opcode() == CLOSE) {
        return frame.closeCode();
      }
    }
    return -3;
  }

  private boolean endOfStream() {
    try {
      socket.setSoTimeout(1);
      return in.read() < 0;
    } catch (IOException e) {
      return !(e instanceof SocketTimeoutException);
    }
  }

  /** The next frame that is not a ping or pong the server volunteered, within {@code timeout}. */
  Frame next(Duration timeout) throws IOException {
    return read(timeout);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

package dev.beacon.gateway;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a plain socket with a small receive buffer that reads nothing after the
 * handshake until told to: the slow consumer a real client's read loop would never be. Shared with
 * the integration tests (SlowConsumerIT) through this module's test-jar.
 */
public final class StalledReader implements AutoCloseable {

  private final Socket socket = new Socket();
  private final DataInputStream in;

  public StalledReader(int port, String path) throws IOException {
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("localhost", port), 5000);
    // Generous: a gateway process on a loaded machine may take this long to give up on the reader.
    socket.setSoTimeout(30000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    in = new DataInputStream(socket.getInputStream());
    String line;
    while (!(line = readLine()).isEmpty()) {
      if (line.startsWith("HTTP/") && !line.contains(" 101 ")) {
        throw new IOException("handshake refused: " + line);
      }
    }
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed during the handshake");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  /**
   * Reads frames until the server's close frame, returning its code; -1 when the connection ends
   * first.
   */
  public int readUntilClose() throws IOException {
    while (true) {
      int opcode = in.read();
      if (opcode < 0) {
        return -1;
      }
      int len = in.readUnsignedByte() & 0x7f;
      long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
      byte[] payload = in.readNBytes((int) length);
      if ((opcode & 0x0f) == 0x8) {
        return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

package dev.beacon.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One text frame encoded once and written to many sockets: every write gets its own view of the same bytes.
 * Vert.x's public API builds text frames only from Strings (one encoding per socket), hence the frame
 * implementation class.
 */
final class OutboundFrame {

  private final ByteBuf bytes;

  OutboundFrame(String text) {
    // Unreleasable: Netty releases what it wrote, and these bytes are written again and again.
    this.bytes = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  int size() {
    return bytes.readableBytes();
  }

  /** A final text frame over the shared bytes, for one write. */
  WebSocketFrame frame() {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes.duplicate(), true);
  }

  /** Payload bytes of a frame built by {@link #frame()}, without copying them. */
  static int payloadSize(WebSocketFrame frame) {
    return ((WebSocketFrameImpl) frame).getBinaryData().readableBytes();
  }

  /**
   * A frame built by {@link #frame()} split into a text frame and continuation frames of at most
   * {@code maxFrameSize} bytes, so that a message above the frame limit still reaches clients that hold the
   * same limit (RFC 6455 section 5.4). Slices share the bytes; nothing is copied.
   */
  static List<WebSocketFrame> fragments(WebSocketFrame frame, int maxFrameSize) {
    ByteBuf payload = ((WebSocketFrameImpl) frame).getBinaryData();
    List<WebSocketFrame> parts = new ArrayList<>();
    for (int at = payload.readerIndex(); at < payload.writerIndex(); at += maxFrameSize) {
      int length = Math.min(maxFrameSize, payload.writerIndex() - at);
      boolean last = at + length == payload.writerIndex();
      WebSocketFrameType type = parts.isEmpty() ? WebSocketFrameType.TEXT : WebSocketFrameType.CONTINUATION;
      parts.add(new WebSocketFrameImpl(type, payload.slice(at, length), last));
    }
    return parts;
  }

  /** The shared bytes, for tests that check every recipient got the same ones. */
  ByteBuf bytes() {
    return bytes;
  }
}

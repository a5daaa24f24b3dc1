package dev.beacon.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.nio.charset.StandardCharsets;

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

  /** The shared bytes, for tests that check every recipient got the same ones. */
  ByteBuf bytes() {
    return bytes;
  }
}

package dev.beacon.gateway.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One delivery encoded once and written to many sockets. Server frames are not masked, so the whole
 * frame (header and payload) is the same bytes for every recipient: it is encoded once, the first
 * time it is written, and every write gets its own view of those bytes. A payload above the frame
 * limit becomes a text frame and continuations (RFC 6455 section 5.4). Confined to one event loop,
 * like the directory that builds it.
 */
public final class OutboundFrame {

  private static final byte FIN = (byte) 0x80;
  private static final byte TEXT = 0x1;
  private static final byte CONTINUATION = 0x0;

  private final ByteBuf payload;
  private ByteBuf wire;
  private int wireLimit;

  public OutboundFrame(String text) {
    // Unreleasable: Netty releases what it wrote, and these bytes are written again and again.
    this.payload =
        Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Payload bytes: what counts against a connection's outbound limit. */
  public int size() {
    return payload.readableBytes();
  }

  /** The message, decoded again: for tests. */
  public String text() {
    return payload.toString(StandardCharsets.UTF_8);
  }

  /** The frame(s) on the wire, for one write: a view of bytes shared by every recipient. */
  ByteBuf wire(int maxFrameSize) {
    if (wire == null || wireLimit != maxFrameSize) {
      wire = Unpooled.unreleasableBuffer(encode(maxFrameSize));
      wireLimit = maxFrameSize;
    }
    return wire.duplicate();
  }

  /**
   * Frames over slices of the shared payload, for a connection whose extension (permessage-deflate)
   * must encode every frame itself.
   */
  List<WebSocketFrame> frames(int maxFrameSize) {
    List<WebSocketFrame> frames = new ArrayList<>(1);
    int length = payload.readableBytes();
    int at = 0;
    do {
      int part = Math.min(maxFrameSize, length - at);
      boolean last = at + part == length;
      ByteBuf slice = payload.slice(at, part);
      frames.add(
          frames.isEmpty()
              ? new TextWebSocketFrame(last, 0, slice)
              : new ContinuationWebSocketFrame(last, 0, slice));
      at += part;
    } while (at < length);
    return frames;
  }

  private ByteBuf encode(int maxFrameSize) {
    int length = payload.readableBytes();
    ByteBuf out = Unpooled.buffer(length + 10 * (length / maxFrameSize + 1));
    int at = 0;
    do {
      int part = Math.min(maxFrameSize, length - at);
      boolean last = at + part == length;
      byte opcode = at == 0 ? TEXT : CONTINUATION;
      out.writeByte(last ? FIN | opcode : opcode);
      writeLength(out, part);
      out.writeBytes(payload, at, part);
      at += part;
    } while (at < length);
    return out;
  }

  /**
   * RFC 6455 section 5.2: 7 bits, 16 bits after 126, or 64 bits after 127; never masked from a
   * server.
   */
  private static void writeLength(ByteBuf out, int length) {
    if (length <= 125) {
      out.writeByte(length);
    } else if (length <= 0xFFFF) {
      out.writeByte(126);
      out.writeShort(length);
    } else {
      out.writeByte(127);
      out.writeLong(length);
    }
  }
}

package dev.beacon.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OutboundFrameTest {

  @Test
  @DisplayName("a small delivery is one final, unmasked text frame: 0x81, its length, its bytes")
  void oneFrame() {
    ByteBuf wire = new OutboundFrame("héllo").wire(65_536);

    assertThat(ByteBufUtil.hexDump(wire))
        .isEqualTo("8106" + ByteBufUtil.hexDump("héllo".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("lengths above 125 take the 16-bit and the 64-bit forms (RFC 6455 5.2)")
  void extendedLengths() {
    ByteBuf medium = new OutboundFrame("m".repeat(300)).wire(1 << 20);
    ByteBuf large = new OutboundFrame("l".repeat(70_000)).wire(1 << 20);

    assertThat(medium.getUnsignedByte(1)).isEqualTo((short) 126);
    assertThat(medium.getUnsignedShort(2)).isEqualTo(300);
    assertThat(medium.readableBytes()).isEqualTo(4 + 300);
    assertThat(large.getUnsignedByte(1)).isEqualTo((short) 127);
    assertThat(large.getLong(2)).isEqualTo(70_000);
    assertThat(large.readableBytes()).isEqualTo(10 + 70_000);
  }

  @Test
  @DisplayName(
      "a delivery above the frame limit is a text frame and continuations, the last one final (5.4)")
  void fragments() {
    String text = "0123456789".repeat(25) + "xyz";
    ByteBuf wire = new OutboundFrame(text).wire(100);

    assertThat(wire.getUnsignedByte(0)).as("text, not final").isEqualTo((short) 0x01);
    assertThat(wire.getUnsignedByte(1)).isEqualTo((short) 100);
    assertThat(wire.getUnsignedByte(102)).as("continuation, not final").isEqualTo((short) 0x00);
    assertThat(wire.getUnsignedByte(204)).as("continuation, final").isEqualTo((short) 0x80);
    assertThat(wire.getUnsignedByte(205)).isEqualTo((short) 53);
    assertThat(wire.readableBytes()).isEqualTo(2 + 100 + 2 + 100 + 2 + 53);
  }

  @Test
  @DisplayName("every write gets its own view of one encoding, which a write's release cannot free")
  void encodedOnce() {
    OutboundFrame frame = new OutboundFrame("shared");
    ByteBuf first = frame.wire(65_536);
    ByteBuf second = frame.wire(65_536);

    assertThat(first).isNotSameAs(second);
    assertThat(first.array()).as("one encoding").isSameAs(second.array());
    first.readerIndex(first.writerIndex());
    first.release();
    assertThat(second.readableBytes()).isEqualTo(8);
    assertThat(frame.wire(65_536).readableBytes()).isEqualTo(8);
  }

  @Test
  @DisplayName(
      "with permessage-deflate the frames are Netty frames over slices of the shared payload")
  void framesForExtensions() {
    OutboundFrame frame = new OutboundFrame("a".repeat(250));
    List<WebSocketFrame> parts = frame.frames(100);

    assertThat(parts)
        .extracting(WebSocketFrame::isFinalFragment)
        .containsExactly(false, false, true);
    assertThat(parts).extracting(p -> p.content().readableBytes()).containsExactly(100, 100, 50);
    assertThat(frame.size()).isEqualTo(250);
    assertThat(frame.text()).isEqualTo("a".repeat(250));
  }
}

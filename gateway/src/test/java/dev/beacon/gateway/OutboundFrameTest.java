package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.WebSocketFrame;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OutboundFrameTest {

  @Test
  @DisplayName("a frame above the limit splits into a text frame and continuations that add up to the message")
  void fragmentsAddUpToTheMessage() {
    String text = "0123456789".repeat(25) + "xyz";
    WebSocketFrame frame = new OutboundFrame(text).frame();

    List<WebSocketFrame> parts = OutboundFrame.fragments(frame, 100);

    assertThat(parts).hasSize(3);
    assertThat(parts.get(0).isText()).isTrue();
    assertThat(parts.subList(1, 3)).allMatch(WebSocketFrame::isContinuation);
    assertThat(parts).extracting(WebSocketFrame::isFinal).containsExactly(false, false, true);
    assertThat(parts).extracting(OutboundFrame::payloadSize).containsExactly(100, 100, 53);
    assertThat(String.join("", parts.stream().map(p -> p.binaryData().toString()).toList())).isEqualTo(text);
  }

  @Test
  @DisplayName("fragmenting leaves the shared bytes untouched for the next recipient")
  void sharedBytesSurvive() {
    OutboundFrame shared = new OutboundFrame("a".repeat(300));
    OutboundFrame.fragments(shared.frame(), 128);
    assertThat(OutboundFrame.payloadSize(shared.frame())).isEqualTo(300);
    assertThat(shared.bytes().readableBytes()).isEqualTo(300);
  }

  /**
   * OutboundFrame is the one place Beacon relies on a Vert.x internal class ({@code WebSocketFrameImpl}, to build a
   * text frame over bytes encoded once). If a Vert.x upgrade renames it, changes its constructor or stops writing
   * the given buffer as is, this fails first, before any delivery does.
   */
  @Test
  @DisplayName("Vert.x internals: the frame class exists, takes shared bytes, and reports them without a copy")
  void vertxInternalContract() throws Exception {
    Class<?> impl = Class.forName("io.vertx.core.http.impl.ws.WebSocketFrameImpl");
    assertThat(impl.getConstructor(io.vertx.core.http.WebSocketFrameType.class, io.netty.buffer.ByteBuf.class,
        boolean.class)).as("WebSocketFrameImpl(type, ByteBuf, final)").isNotNull();
    OutboundFrame shared = new OutboundFrame("héllo");
    WebSocketFrame frame = shared.frame();
    assertThat(frame).isInstanceOf(impl);
    assertThat(frame.isText()).isTrue();
    assertThat(frame.isFinal()).isTrue();
    assertThat(frame.textData()).isEqualTo("héllo");
    assertThat(OutboundFrame.payloadSize(frame)).isEqualTo(6);
    shared.bytes().setByte(0, 'H');
    assertThat(frame.textData()).as("the frame is a view of the shared bytes, not a copy").isEqualTo("Héllo");
  }
}

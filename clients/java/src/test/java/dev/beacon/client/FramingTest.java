package dev.beacon.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fragmenter and the assembler agree with each other and keep their limits. */
class FramingTest {

  @Test
  @DisplayName(
      "a long text with multi-byte characters is split into frames and reassembled exactly")
  void roundTrip() {
    String text = "héllo wörld 🚀 ".repeat(5_000);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    List<WebSocketFrame> frames = Fragmenter.text(text, utf8, 1000);
    assertThat(frames).hasSizeGreaterThanOrEqualTo(utf8.length / 1000);
    assertThat(frames.get(0).isText()).isTrue();
    assertThat(frames.get(0).isFinal()).isFalse();
    assertThat(frames.get(frames.size() - 1).isFinal()).isTrue();
    assertThat(frames)
        .allSatisfy(f -> assertThat(f.binaryData().length()).isLessThanOrEqualTo(1000));
    MessageAssembler assembler = new MessageAssembler(utf8.length);
    MessageAssembler.Outcome last = null;
    for (WebSocketFrame frame : frames) {
      last = assembler.accept(frame);
    }
    assertThat(last).isEqualTo(new MessageAssembler.Text(text));
  }

  @Test
  @DisplayName("a message that fits one frame is sent as one final frame")
  void singleFrame() {
    assertThat(Fragmenter.text("hi", "hi".getBytes(StandardCharsets.UTF_8), 200))
        .hasSize(1)
        .allSatisfy(f -> assertThat(f.isFinal()).isTrue());
    assertThat(Fragmenter.binary(Buffer.buffer(new byte[300]), 200)).hasSize(2);
  }

  @Test
  @DisplayName(
      "a message growing above the limit is a 1009 violation as soon as a fragment crosses it")
  void oversize() {
    MessageAssembler assembler = new MessageAssembler(150);
    assertThat(assembler.accept(WebSocketFrame.textFrame("a".repeat(100), false)))
        .isInstanceOf(MessageAssembler.Partial.class);
    MessageAssembler.Outcome outcome =
        assembler.accept(WebSocketFrame.continuationFrame(Buffer.buffer("b".repeat(100)), false));
    assertThat(outcome).isInstanceOf(MessageAssembler.Violation.class);
    assertThat(((MessageAssembler.Violation) outcome).code()).isEqualTo((short) 1009);
  }

  @Test
  @DisplayName("invalid UTF-8 is a 1007 violation and a stray continuation a 1002")
  void protocolViolations() {
    MessageAssembler assembler = new MessageAssembler(1000);
    assertThat(assembler.accept(WebSocketFrame.continuationFrame(Buffer.buffer("x"), true)))
        .isEqualTo(
            new MessageAssembler.Violation(
                (short) 1002, "continuation frame without a message to continue"));
    assembler.accept(WebSocketFrame.textFrame("ok", false));
    MessageAssembler.Outcome bad =
        assembler.accept(
            WebSocketFrame.continuationFrame(
                Buffer.buffer(new byte[] {(byte) 0xC3, (byte) 0x28}), true));
    assertThat(((MessageAssembler.Violation) bad).code()).isEqualTo((short) 1007);
  }

  @Test
  @DisplayName("a text frame is cut before a multi-byte character, never inside it")
  void characterBoundary() {
    byte[] utf8 = "aé".getBytes(StandardCharsets.UTF_8);
    assertThat(Fragmenter.characterBoundary(utf8, 2)).isEqualTo(1);
    assertThat(Fragmenter.characterBoundary(utf8, 1)).isEqualTo(1);
  }
}

package dev.beacon.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits an outgoing message into frames of at most {@code maxFrameSize} payload bytes. */
final class Fragmenter {

  private Fragmenter() {}

  /**
   * A text message as frames: one final text frame when it fits, else a text frame cut on a
   * character boundary followed by continuation frames (which may cut a character: the receiver
   * decodes the whole message).
   */
  static List<WebSocketFrame> text(String message, byte[] utf8, int maxFrameSize) {
    if (utf8.length <= maxFrameSize) {
      return List.of(WebSocketFrame.textFrame(message, true));
    }
    int head = characterBoundary(utf8, maxFrameSize);
    List<WebSocketFrame> frames = new ArrayList<>(utf8.length / maxFrameSize + 2);
    frames.add(WebSocketFrame.textFrame(new String(utf8, 0, head, StandardCharsets.UTF_8), false));
    addContinuations(frames, utf8, head, maxFrameSize);
    return frames;
  }

  /**
   * A binary message as frames: a binary frame followed by continuation frames when it is too long
   * for one.
   */
  static List<WebSocketFrame> binary(Buffer message, int maxFrameSize) {
    byte[] bytes = message.getBytes();
    if (bytes.length <= maxFrameSize) {
      return List.of(WebSocketFrame.binaryFrame(message, true));
    }
    List<WebSocketFrame> frames = new ArrayList<>(bytes.length / maxFrameSize + 2);
    frames.add(WebSocketFrame.binaryFrame(Buffer.buffer(slice(bytes, 0, maxFrameSize)), false));
    addContinuations(frames, bytes, maxFrameSize, maxFrameSize);
    return frames;
  }

  private static void addContinuations(
      List<WebSocketFrame> frames, byte[] bytes, int from, int maxFrameSize) {
    for (int start = from; start < bytes.length; start += maxFrameSize) {
      int end = Math.min(bytes.length, start + maxFrameSize);
      frames.add(
          WebSocketFrame.continuationFrame(
              Buffer.buffer(slice(bytes, start, end)), end == bytes.length));
    }
  }

  /**
   * The largest index at most {@code limit} that does not fall inside a multi-byte UTF-8 character.
   */
  static int characterBoundary(byte[] utf8, int limit) {
    int at = limit;
    while (at > 0 && (utf8[at] & 0xC0) == 0x80) {
      at--;
    }
    return at;
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    byte[] out = new byte[to - from];
    System.arraycopy(bytes, from, out, 0, out.length);
    return out;
  }
}

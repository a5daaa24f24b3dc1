package dev.beacon.gateway.edge;

import dev.beacon.common.protocol.CloseCodes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Turns one connection's data frames into text messages. Netty's frame decoder has already enforced
 * framing (masks, reserved bits and opcodes, control frames, fragment order, the frame size limit);
 * this adds:
 *
 * <ul>
 *   <li>a binary frame ends the connection with {@value CloseCodes#UNSUPPORTED_DATA};
 *   <li>a text message that is not valid UTF-8 ends it with {@value CloseCodes#INVALID_PAYLOAD};
 *   <li>a message above {@code maxMessageSize} bytes, or in more than {@code maxFragments} frames,
 *       ends it with {@value CloseCodes#MESSAGE_TOO_BIG}.
 * </ul>
 *
 * After a violation every later frame is ignored. Not thread-safe: one instance per connection,
 * holding nothing between messages.
 */
final class TextMessageAssembler {

  private final int maxMessageSize;
  private final int maxFragments;
  private final ClientSocket.Listener listener;
  private ByteBuf partial;
  private int fragments;
  private boolean failed;

  TextMessageAssembler(int maxMessageSize, int maxFragments, ClientSocket.Listener listener) {
    this.maxMessageSize = maxMessageSize;
    this.maxFragments = maxFragments;
    this.listener = listener;
  }

  /** Reads {@code frame}; the caller still owns (and releases) it. */
  void onFrame(WebSocketFrame frame) {
    if (failed) {
      return;
    }
    if (frame instanceof BinaryWebSocketFrame) {
      fail(CloseCodes.UNSUPPORTED_DATA, "binary frames are not accepted; send text");
    } else if (frame instanceof TextWebSocketFrame && frame.isFinalFragment()) {
      partial = null;
      complete(frame.content());
    } else if (frame instanceof TextWebSocketFrame) {
      partial = Unpooled.buffer(Math.max(256, frame.content().readableBytes()));
      partial.writeBytes(frame.content());
      fragments = 1;
      checkSize();
    } else if (frame instanceof ContinuationWebSocketFrame && partial != null) {
      partial.writeBytes(frame.content());
      if (checkSize() && checkFragments() && frame.isFinalFragment()) {
        ByteBuf message = partial;
        partial = null;
        complete(message);
      }
    }
  }

  private boolean checkSize() {
    if (partial.readableBytes() <= maxMessageSize) {
      return true;
    }
    fail(
        CloseCodes.MESSAGE_TOO_BIG,
        "message of more than " + maxMessageSize + " bytes; the limit is " + maxMessageSize);
    return false;
  }

  private boolean checkFragments() {
    if (++fragments <= maxFragments) {
      return true;
    }
    fail(
        CloseCodes.MESSAGE_TOO_BIG,
        "message in more than "
            + maxFragments
            + " fragments; the limit is "
            + maxFragments
            + " frames per message");
    return false;
  }

  private void complete(ByteBuf message) {
    String text;
    try {
      // A decoder per message rather than per connection: a connection's heap is what limits a
      // gateway.
      text = StandardCharsets.UTF_8.newDecoder().decode(message.nioBuffer()).toString();
    } catch (CharacterCodingException e) {
      fail(CloseCodes.INVALID_PAYLOAD, "text frames must be valid UTF-8");
      return;
    }
    listener.onText(text);
  }

  private void fail(short closeCode, String reason) {
    failed = true;
    partial = null;
    listener.onViolation(closeCode, reason);
  }
}

package dev.beacon.gateway;

import dev.beacon.common.protocol.CloseCodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Turns one connection's data frames into text messages, enforcing what Vert.x's own aggregation does not:
 * <ul>
 *   <li>a binary frame ends the connection with {@value CloseCodes#UNSUPPORTED_DATA};</li>
 *   <li>a text message that is not valid UTF-8 ends it with {@value CloseCodes#INVALID_PAYLOAD} (the Vert.x 5
 *       server installs no UTF-8 validator and would decode invalid bytes to U+FFFD);</li>
 *   <li>a message above {@code maxMessageSize} ends it with {@value CloseCodes#MESSAGE_TOO_BIG} (Vert.x only
 *       reports it to the exception handler, drops the start and would deliver the tail as a message).</li>
 * </ul>
 * After a violation every later frame is ignored. Not thread-safe: one instance per connection.
 */
final class TextMessageAssembler {

  /** What the assembler found. */
  interface Listener {

    void onText(String text);

    void onViolation(short closeCode, String reason);
  }

  private final int maxMessageSize;
  private final int maxFragments;
  private final Listener listener;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
  private Buffer partial;
  private int fragments;
  private boolean failed;

  TextMessageAssembler(int maxMessageSize, int maxFragments, Listener listener) {
    this.maxMessageSize = maxMessageSize;
    this.maxFragments = maxFragments;
    this.listener = listener;
  }

  void onFrame(WebSocketFrame frame) {
    if (failed) {
      return;
    }
    if (frame.isBinary()) {
      fail(CloseCodes.UNSUPPORTED_DATA, "binary frames are not accepted; send text");
    } else if (frame.isText() && frame.isFinal()) {
      partial = null;
      complete(frame.binaryData());
    } else if (frame.isText()) {
      // A fresh buffer: the copy of an empty first fragment cannot grow, and would silently drop the rest.
      partial = Buffer.buffer(256).appendBuffer(frame.binaryData());
      fragments = 1;
      checkSize();
    } else if (frame.isContinuation() && partial != null) {
      partial.appendBuffer(frame.binaryData());
      if (checkSize() && checkFragments() && frame.isFinal()) {
        Buffer message = partial;
        partial = null;
        complete(message);
      }
    }
  }

  private boolean checkSize() {
    if (partial.length() <= maxMessageSize) {
      return true;
    }
    fail(CloseCodes.MESSAGE_TOO_BIG, "message of more than " + maxMessageSize + " bytes; the limit is " + maxMessageSize);
    return false;
  }

  private boolean checkFragments() {
    if (++fragments <= maxFragments) {
      return true;
    }
    fail(CloseCodes.MESSAGE_TOO_BIG, "message in more than " + maxFragments + " fragments; the limit is "
        + maxFragments + " frames per message");
    return false;
  }

  private void complete(Buffer message) {
    String text;
    try {
      text = utf8.decode(ByteBuffer.wrap(message.getBytes())).toString();
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

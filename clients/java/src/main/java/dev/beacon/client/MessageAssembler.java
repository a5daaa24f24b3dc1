package dev.beacon.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reassembles the data frames of one connection into whole messages, within a byte limit, and
 * checks that text is UTF-8 (Vert.x does neither by itself). Used from the connection's event loop
 * only.
 */
final class MessageAssembler {

  /** What the connection should do after a frame. */
  sealed interface Outcome permits Partial, Text, Binary, Violation {}

  /** The frame was a fragment; the message is not complete yet. */
  record Partial() implements Outcome {}

  /** A complete text message. */
  record Text(String text) implements Outcome {}

  /** A complete binary message. */
  record Binary(Buffer data) implements Outcome {}

  /** The peer broke a rule; close with {@code code}. */
  record Violation(short code, String reason) implements Outcome {}

  private static final Partial PARTIAL = new Partial();

  private final int maxMessageSize;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private Buffer pending;
  private boolean pendingIsText;

  MessageAssembler(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  Outcome accept(WebSocketFrame frame) {
    if (frame.isContinuation()) {
      if (pending == null) {
        return new Violation((short) 1002, "continuation frame without a message to continue");
      }
      return append(frame);
    }
    if (pending != null) {
      return new Violation((short) 1002, "new message before the previous fragmented one ended");
    }
    if (frame.isFinal() && frame.binaryData().length() <= maxMessageSize) {
      // the common case, a whole message in one frame: no copy into a pending buffer
      return frame.isText() ? decode(frame.binaryData()) : new Binary(frame.binaryData());
    }
    pending = Buffer.buffer();
    pendingIsText = frame.isText();
    return append(frame);
  }

  private Outcome append(WebSocketFrame frame) {
    Buffer data = frame.binaryData();
    if ((long) pending.length() + data.length() > maxMessageSize) {
      long size = (long) pending.length() + data.length();
      pending = null;
      return new Violation(
          (short) 1009,
          "message of "
              + (frame.isFinal() ? "" : "at least ")
              + size
              + " bytes is above the client's limit of "
              + maxMessageSize
              + " bytes");
    }
    pending.appendBuffer(data);
    if (!frame.isFinal()) {
      return PARTIAL;
    }
    Buffer whole = pending;
    pending = null;
    return pendingIsText ? decode(whole) : new Binary(whole);
  }

  private Outcome decode(Buffer bytes) {
    try {
      return new Text(utf8.reset().decode(ByteBuffer.wrap(bytes.getBytes())).toString());
    } catch (CharacterCodingException e) {
      return new Violation((short) 1007, "text message is not valid UTF-8");
    }
  }
}

package dev.beacon.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.util.List;

/**
 * One open WebSocket of a {@link BeaconSocket}: reassembles incoming messages, writes outgoing
 * frames and keeps the connection alive with pings. Reports each message and its own end, exactly
 * once, to its {@link Listener}. Used from the socket's event loop only.
 */
final class Link {

  /** What a link reports to its socket. */
  interface Listener {
    void onText(Link link, String text);

    void onBinary(Link link, Buffer data);

    void onDrain(Link link);

    void onEnded(Link link, int code, String reason, boolean byClient);
  }

  private static final Buffer PING_PAYLOAD = Buffer.buffer("beacon");

  private final Vertx vertx;
  private final WebSocket socket;
  private final ClientOptions options;
  private final Listener listener;
  private final MessageAssembler assembler;
  private long pingTimer = -1;
  private long pongDeadline = -1;
  private boolean heardSincePing;
  private boolean ended;

  Link(Vertx vertx, WebSocket socket, ClientOptions options, Listener listener) {
    this.vertx = vertx;
    this.socket = socket;
    this.options = options;
    this.listener = listener;
    this.assembler = new MessageAssembler(options.maxMessageSize());
    socket.frameHandler(this::onFrame);
    socket.pongHandler(pong -> heardSincePing = true);
    socket.drainHandler(v -> listener.onDrain(this));
    socket.closeHandler(v -> end(closeCode(), socket.closeReason(), false));
    // a failing socket is closed by Vert.x and its close handler reports it
    socket.exceptionHandler(failure -> {});
    startKeepAlive();
  }

  boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  /** Writes the frames of one message back to back; the future is the last frame's. */
  Future<Void> write(List<WebSocketFrame> frames) {
    Future<Void> last = Future.succeededFuture();
    for (WebSocketFrame frame : frames) {
      last = socket.writeFrame(frame);
    }
    return last;
  }

  /**
   * Closes from this side and reports the end at once, without waiting for a peer that may be gone.
   */
  void close(int code, String reason) {
    if (!ended) {
      socket.close((short) code, reason);
      end(code, reason, true);
    }
  }

  private void onFrame(WebSocketFrame frame) {
    heardSincePing = true;
    if (ended || !(frame.isText() || frame.isBinary() || frame.isContinuation())) {
      return;
    }
    MessageAssembler.Outcome outcome = assembler.accept(frame);
    if (outcome instanceof MessageAssembler.Text text) {
      listener.onText(this, text.text());
    } else if (outcome instanceof MessageAssembler.Binary binary) {
      listener.onBinary(this, binary.data());
    } else if (outcome instanceof MessageAssembler.Violation violation) {
      close(violation.code(), violation.reason());
    }
  }

  private void startKeepAlive() {
    if (!options.pingInterval().isZero()) {
      pingTimer = vertx.setPeriodic(options.pingInterval().toMillis(), id -> ping());
    }
  }

  private void ping() {
    if (ended || pongDeadline >= 0) {
      return;
    }
    heardSincePing = false;
    socket.writePing(PING_PAYLOAD);
    pongDeadline = vertx.setTimer(options.pongTimeout().toMillis(), id -> checkPong());
  }

  private void checkPong() {
    pongDeadline = -1;
    if (!heardSincePing) {
      close(
          BeaconSocket.NO_PONG,
          "no pong within " + options.pongTimeout().toMillis() + " ms of a ping");
    }
  }

  private int closeCode() {
    Short code = socket.closeStatusCode();
    return code == null ? ClosedEvent.ABNORMAL : code;
  }

  private void end(int code, String reason, boolean byClient) {
    if (ended) {
      return;
    }
    ended = true;
    vertx.cancelTimer(pingTimer);
    vertx.cancelTimer(pongDeadline);
    listener.onEnded(this, code, reason, byClient);
  }
}

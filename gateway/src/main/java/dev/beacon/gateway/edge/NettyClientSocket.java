package dev.beacon.gateway.edge;

import dev.beacon.common.protocol.CloseCodes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket connection as the last handler of its Netty pipeline, after the frame decoder and
 * encoder (and the permessage-deflate codec, when negotiated). Holds what a connection needs and
 * nothing of the HTTP request it was upgraded from beyond its path, remote address and header
 * block.
 *
 * <p>Closing: a close frame from the client is echoed and the connection closed; a close this side
 * starts waits {@value #CLOSING_TIMEOUT_SECONDS} s for the client's answer once its close frame was
 * written. A frame the decoder refuses closes at once with the decoder's code (1002, 1007, 1009)
 * after that close frame is written.
 */
final class NettyClientSocket extends ChannelInboundHandlerAdapter implements ClientSocket {

  static final long CLOSING_TIMEOUT_SECONDS = 10;

  /**
   * How long a close frame may wait behind bytes the client does not read before the connection is
   * dropped without it: a client that never reads would otherwise hold its socket, and its queue,
   * for ever.
   */
  static final long UNREAD_CLOSE_TIMEOUT_SECONDS = 30;

  /** RFC 6455 7.4.1: what a close frame without a status code reports; never sent. */
  private static final short NO_STATUS_RECEIVED = 1005;

  /**
   * What Netty's outbound buffer counts for one frame beyond its payload: its header and its own
   * bookkeeping (96 bytes per buffer, {@code io.netty.transport.outboundBufferEntrySizeOverhead};
   * the encoder may write a header and a payload as two buffers).
   */
  private static final long WRITE_OVERHEAD = 14 + 2 * 96;

  private static final Logger log = LoggerFactory.getLogger(NettyClientSocket.class);
  private static final ByteBuf PING =
      Unpooled.unreleasableBuffer(
          Unpooled.wrappedBuffer("beacon".getBytes(StandardCharsets.US_ASCII)));

  private final String remoteAddress;
  private final String path;

  /** {@code name: value} lines, one String rather than a map per connection. */
  private final String headerBlock;

  private final int maxFrameSize;
  private final int maxMessageSize;
  private final int maxFragments;
  private final long maxQueuedBytes;

  /**
   * The session's Vert.x context, on this channel's event loop: current during every listener call.
   */
  private final SessionContext context;

  private ChannelHandlerContext ctx;
  private Listener listener;
  private TextMessageAssembler assembler;
  private boolean compressed;
  private boolean closeSent;
  private boolean closeReceived;
  private boolean ended;
  private short closeCode = CloseCodes.ABNORMAL_CLOSURE;
  private String closeReason = "";
  private ScheduledFuture<?> closingTimeout;

  NettyClientSocket(
      String remoteAddress,
      String path,
      String headerBlock,
      EdgeLimits limits,
      SessionContext context) {
    this.context = context;
    this.remoteAddress = remoteAddress;
    this.path = path;
    this.headerBlock = headerBlock;
    this.maxFrameSize = limits.maxFrameSize();
    this.maxMessageSize = limits.maxMessageSize();
    this.maxFragments = limits.maxFragments();
    this.maxQueuedBytes = limits.maxQueuedBytes();
  }

  /**
   * Called once the 101 went out and the pipeline holds the WebSocket codec (and any extension).
   */
  void upgraded(ChannelHandlerContext ctx, boolean compressed) {
    this.ctx = ctx;
    this.compressed = compressed;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
    this.assembler = new TextMessageAssembler(maxMessageSize, maxFragments, listener);
    if (ended || !ctx.channel().isActive()) {
      ended = false;
      ended();
      return;
    }
    ctx.channel().config().setAutoRead(true);
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Object previous = context.enter();
    try {
      if (msg instanceof WebSocketFrame frame && listener != null && !closeReceived) {
        onFrame(frame);
      }
    } finally {
      context.leave(previous);
      // Anything else is what the HTTP decoder had left (the request's empty last content).
      ReferenceCountUtil.release(msg);
    }
  }

  private void onFrame(WebSocketFrame frame) {
    listener.onHeard();
    boolean control =
        frame instanceof PingWebSocketFrame
            || frame instanceof PongWebSocketFrame
            || frame instanceof CloseWebSocketFrame;
    if (control) {
      listener.onControlFrame();
    }
    if (frame instanceof PingWebSocketFrame) {
      pong(frame.content());
    } else if (frame instanceof CloseWebSocketFrame close) {
      onCloseFrame(close);
    } else if (!(frame instanceof PongWebSocketFrame)) {
      assembler.onFrame(frame);
    }
  }

  /**
   * Answers a ping unless the connection is closing or the pong would not fit in the queue; like a
   * reply, a pong the client does not read stops the reading of its frames until it does.
   */
  private void pong(ByteBuf payload) {
    if (closeSent || !fits(payload.readableBytes() + 2L)) {
      return;
    }
    ctx.writeAndFlush(new PongWebSocketFrame(payload.retain()), ctx.voidPromise());
    if (!ctx.channel().isWritable()) {
      pauseReading();
    }
  }

  /**
   * Whether {@code bytes} more fit in what the client has not read; when not, the listener hears of
   * a {@value CloseCodes#SLOW_CONSUMER} violation and nothing is written.
   */
  private boolean fits(long bytes) {
    long frames = bytes / maxFrameSize + 1;
    if (queuedBytes() + bytes + frames * WRITE_OVERHEAD <= maxQueuedBytes) {
      return true;
    }
    if (!closeSent && listener != null) {
      listener.onViolation(
          CloseCodes.SLOW_CONSUMER,
          "more than "
              + maxQueuedBytes
              + " bytes waiting to be read; read what the gateway sends, then reconnect (subscribe with since to recover)");
    }
    return false;
  }

  @Override
  public long queuedBytes() {
    // Netty counts what was written and not yet taken by the kernel, after the frame (and deflate)
    // encoders.
    ChannelOutboundBuffer buffer = ctx == null ? null : ctx.channel().unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  private void onCloseFrame(CloseWebSocketFrame close) {
    closeReceived = true;
    if (closeSent) {
      ctx.close();
      return;
    }
    closeSent = true;
    int status = close.statusCode();
    closeCode = status == -1 ? NO_STATUS_RECEIVED : (short) status;
    closeReason = status == -1 ? "" : close.reasonText();
    CloseWebSocketFrame echo =
        status == -1 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(status, "");
    ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Object previous = context.enter();
    try {
      onException(ctx, cause);
    } finally {
      context.leave(previous);
    }
  }

  private void onException(ChannelHandlerContext ctx, Throwable cause) {
    if (inflatedTooMuch(cause) && listener != null && !closeSent) {
      // permessage-deflate's inflater stopped at its allocation cap (the message limit): the frame
      // was not inflated.
      listener.onViolation(
          CloseCodes.MESSAGE_TOO_BIG,
          "a compressed frame inflates to more than "
              + maxMessageSize
              + " bytes; the limit is "
              + maxMessageSize);
      ctx.close();
    } else if (cause instanceof CorruptedWebSocketFrameException corrupted
        && listener != null
        && !closeSent) {
      // The decoder reads nothing more: say why, then end the connection without waiting for an
      // answer.
      listener.onViolation((short) corrupted.closeStatus().code(), corrupted.getMessage());
      ctx.close();
    } else {
      log.debug("connection from {} failed: {}", remoteAddress, cause.toString());
      ctx.close();
    }
  }

  private static boolean inflatedTooMuch(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof DecompressionException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && listener != null) {
      Object previous = context.enter();
      try {
        listener.onWritable();
      } finally {
        context.leave(previous);
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (context.isShutdown(event)) {
      if (listener != null) {
        Object previous = context.enter();
        try {
          listener.onShutdown();
        } finally {
          context.leave(previous);
        }
      }
    } else if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Object previous = context.enter();
    try {
      ended();
    } finally {
      context.leave(previous);
    }
    ctx.fireChannelInactive();
  }

  private void ended() {
    if (ended) {
      return;
    }
    ended = true;
    if (closingTimeout != null) {
      closingTimeout.cancel(false);
      closingTimeout = null;
    }
    if (listener != null) {
      listener.onClosed(closeCode, closeReason);
    }
  }

  @Override
  public void writeText(String text) {
    int bytes = ByteBufUtil.utf8Bytes(text);
    if (!fits(bytes)) {
      return;
    }
    if (bytes <= maxFrameSize) {
      ctx.writeAndFlush(new TextWebSocketFrame(text), ctx.voidPromise());
      return;
    }
    // Above the frame limit a reply is fragmented like a delivery, for clients that hold the same
    // limit.
    List<WebSocketFrame> frames = new OutboundFrame(text).frames(maxFrameSize);
    for (WebSocketFrame frame : frames) {
      ctx.write(frame, ctx.voidPromise());
    }
    ctx.flush();
  }

  @Override
  public void writeDelivery(OutboundFrame frame) {
    if (!fits(frame.size())) {
      return;
    }
    if (compressed) {
      List<WebSocketFrame> frames = frame.frames(maxFrameSize);
      for (int i = 0; i < frames.size() - 1; i++) {
        ctx.write(frames.get(i), ctx.voidPromise());
      }
      ctx.writeAndFlush(frames.get(frames.size() - 1), ctx.voidPromise());
    } else {
      ctx.writeAndFlush(frame.wire(maxFrameSize), ctx.voidPromise());
    }
  }

  @Override
  public void ping() {
    if (!closeSent) {
      ctx.writeAndFlush(new PingWebSocketFrame(PING.duplicate()), ctx.voidPromise());
    }
  }

  @Override
  public void close(short code, String reason) {
    if (closeSent || ended) {
      return;
    }
    closeSent = true;
    // Codes come from Beacon's table and the admin API's checked range; a bad one must still close.
    closeCode = WebSocketCloseStatus.isValidStatusCode(code) ? code : CloseCodes.INTERNAL_ERROR;
    closeReason = reason;
    // The wait for the client's answer starts once the close frame left: a client that reads slowly
    // (one closed
    // with 4010) still gets everything queued before it, and the close code, as with Vert.x's
    // WebSocket.
    closingTimeout =
        ctx.executor().schedule(() -> ctx.close(), UNREAD_CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    ctx.writeAndFlush(new CloseWebSocketFrame(closeCode, reason))
        .addListener(
            written -> {
              if (!written.isSuccess()) {
                ctx.close();
              } else if (!ended) {
                closingTimeout.cancel(false);
                closingTimeout =
                    ctx.executor()
                        .schedule(() -> ctx.close(), CLOSING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
              }
            });
  }

  @Override
  public boolean writable() {
    return ctx.channel().isWritable();
  }

  @Override
  public void pauseReading() {
    ctx.channel().config().setAutoRead(false);
  }

  @Override
  public void resumeReading() {
    ctx.channel().config().setAutoRead(true);
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Map<String, List<String>> headers() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : headerBlock.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(
                line.substring(0, colon).toLowerCase(Locale.ROOT), n -> new ArrayList<>())
            .add(line.substring(colon + 1));
      }
    }
    headers.replaceAll((name, values) -> List.copyOf(values));
    return headers;
  }
}

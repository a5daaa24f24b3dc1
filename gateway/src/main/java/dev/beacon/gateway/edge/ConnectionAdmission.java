package dev.beacon.gateway.edge;

import dev.beacon.runtime.http.HeaderReadDeadline;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What happens to each connection of the gateway's public port the moment it is accepted, before it
 * sent a byte:
 *
 * <ul>
 *   <li>it takes a slot of its address's connection limit, held until the socket closes, however it
 *       closes (upgraded or not), or is answered HTTP 429 and closed;
 *   <li>it gets a deadline for its request head ({@link HeaderReadDeadline});
 *   <li>with compression on, it gets Beacon's permessage-deflate negotiator rather than Vert.x's:
 *       the inflater is capped at the message limit (a frame that would inflate past it closes with
 *       1009, never inflated whole), and the old deflate-frame extension is not offered.
 * </ul>
 */
public final class ConnectionAdmission {

  /** The per-address slots: thread-safe, shared by every event loop. */
  public interface Slots {
    boolean tryAcquire(SocketAddress peer);

    void release(SocketAddress peer);

    static Slots of(Predicate<SocketAddress> take, Consumer<SocketAddress> giveBack) {
      return new Slots() {
        @Override
        public boolean tryAcquire(SocketAddress peer) {
          return take.test(peer);
        }

        @Override
        public void release(SocketAddress peer) {
          giveBack.accept(peer);
        }
      };
    }
  }

  /**
   * Vert.x's names: its handler that serves a connection, and where it puts the WebSocket extension
   * negotiator.
   */
  private static final String VERTX_HANDLER = "handler";

  private static final String EXTENSION_HANDLER = "webSocketExtensionHandler";

  /** Vert.x's defaults for permessage-deflate, kept. */
  private static final int COMPRESSION_LEVEL = 6;

  private final Slots slots;
  private final Duration headerRead;
  private final Runnable onHeaderTimeout;
  private final EdgeLimits limits;

  public ConnectionAdmission(
      Slots slots, Duration headerRead, Runnable onHeaderTimeout, EdgeLimits limits) {
    this.slots = slots;
    this.headerRead = headerRead;
    this.onHeaderTimeout = onHeaderTimeout;
    this.limits = limits;
  }

  /**
   * For {@code HttpServer.connectionHandler}: runs on the connection's event loop as it is
   * accepted.
   */
  public void accept(HttpConnection connection) {
    Channel channel = HeaderReadDeadline.channel(connection);
    SocketAddress peer = connection.remoteAddress();
    if (!slots.tryAcquire(peer)) {
      refuse(channel);
      return;
    }
    channel.closeFuture().addListener(closed -> slots.release(peer));
    HeaderReadDeadline.install(connection, headerRead, onHeaderTimeout);
    if (limits.compression() && channel.pipeline().get(VERTX_HANDLER) != null) {
      channel
          .pipeline()
          .addBefore(
              VERTX_HANDLER,
              EXTENSION_HANDLER,
              new WebSocketServerExtensionHandler(
                  new PerMessageDeflateServerExtensionHandshaker(
                      COMPRESSION_LEVEL,
                      ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
                      PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
                      false,
                      false,
                      limits.maxMessageSize())));
    }
  }

  /**
   * HTTP 429 before any request: written below Vert.x's handler, which has no request to answer.
   */
  private static void refuse(Channel channel) {
    FullHttpResponse tooMany =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.TOO_MANY_REQUESTS, Unpooled.EMPTY_BUFFER);
    tooMany
        .headers()
        .set(HttpHeaderNames.CONTENT_LENGTH, 0)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ChannelHandlerContext below = channel.pipeline().context(VERTX_HANDLER);
    if (below == null) {
      channel.close();
      return;
    }
    below.writeAndFlush(tooMany).addListener(ChannelFutureListener.CLOSE);
  }
}

package dev.beacon.gateway.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.impl.ShutdownEvent;
import java.util.List;
import java.util.Map;

/**
 * Takes a WebSocket upgrade away from Vert.x: Vert.x's HTTP server reads the request and Beacon
 * admits it, then this writes the 101 with Netty's handshaker and leaves in the channel's pipeline
 * only TLS, Netty's WebSocket codec (and permessage-deflate, when negotiated) and a {@link
 * NettyClientSocket}. Nothing of Vert.x's HTTP connection, request or response stays reachable from
 * the channel, which is most of an idle connection's heap otherwise (docs/benchmarks.md, "Where an
 * idle connection's heap goes").
 *
 * <p>The one class that touches Vert.x internals: the HTTP connection's {@code
 * ChannelHandlerContext}; the pipeline names of Vert.x's handlers, {@code "handler"} (the HTTP
 * connection, replaced by the socket) and those of {@link #VERTX_HANDLERS} (removed), while Netty's
 * handshaker removes the HTTP codec ({@code "httpDecoder"}, {@code "httpEncoder"}) by its type; the
 * {@code ShutdownEvent} a graceful {@code HttpServer.shutdown} sends down every channel; and the
 * context dispatch around listener calls ({@link SessionContext}). {@code WebSocketEdgeTest} fails
 * first if a Vert.x upgrade changes them.
 */
public final class WebSocketUpgrade {

  /**
   * The names of the handlers that serve HTTP on a connection, Vert.x's and the header deadline;
   * all go when it upgrades. So does the HTTP idle timeout: a WebSocket's liveness is checked by
   * the gateway's pings (4001).
   */
  static final List<String> VERTX_HANDLERS =
      List.of(
          "h2c",
          "chunkedWriter",
          "inflater",
          "deflater",
          dev.beacon.runtime.http.HeaderReadDeadline.NAME,
          "idle");

  static final String SOCKET_HANDLER = "beaconWebSocket";

  private final EdgeLimits limits;
  private final WebSocketDecoderConfig decoderConfig;

  public WebSocketUpgrade(EdgeLimits limits) {
    this.limits = limits;
    // Violations are answered by NettyClientSocket with the decoder's close code, after the session
    // heard of them.
    this.decoderConfig =
        WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(limits.maxFrameSize())
            .expectMaskedFrames(true)
            .allowMaskMismatch(false)
            .allowExtensions(limits.compression())
            .closeOnProtocolViolation(false)
            .build();
  }

  /** A session's context as its socket needs it: Vert.x's own dispatch, and its shutdown event. */
  private record VertxSessionContext(ContextInternal context) implements SessionContext {
    @Override
    public Object enter() {
      return context.beginDispatch();
    }

    @Override
    public void leave(Object previous) {
      context.endDispatch((ContextInternal) previous);
    }

    @Override
    public boolean isShutdown(Object event) {
      return event instanceof ShutdownEvent;
    }
  }

  /**
   * A request that asks for a WebSocket ({@code Upgrade: websocket}), valid or not. Only HTTP/1.x
   * can: an HTTP/2 connection carries many streams, and its channel is not one client's to take.
   */
  public static boolean asksForWebSocket(HttpServerRequest request) {
    return request.version() != io.vertx.core.http.HttpVersion.HTTP_2
        && request.headers().contains(HttpHeaderNames.UPGRADE, "websocket", true);
  }

  /**
   * Answers an upgrade request that cannot become a WebSocket, before any admission check: no
   * {@code Connection: Upgrade} 400, not a GET 405, no {@code Sec-WebSocket-Key} 400, an
   * unsupported version 426.
   *
   * @return true when it answered (the request is done), false for a well-formed upgrade
   */
  public boolean refuseMalformed(HttpServerRequest request) {
    String connection = request.getHeader(HttpHeaderNames.CONNECTION);
    if (connection == null || !connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade")) {
      request.response().setStatusCode(400).end("\"Connection\" header must be \"Upgrade\".");
    } else if (request.method() != io.vertx.core.http.HttpMethod.GET) {
      request.response().setStatusCode(405).end();
    } else if (handshaker(request) == null) {
      request
          .response()
          .putHeader(
              HttpHeaderNames.SEC_WEBSOCKET_VERSION, WebSocketVersion.V13.toHttpHeaderValue())
          .setStatusCode(426)
          .end();
    } else if (request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_KEY) == null) {
      request.response().setStatusCode(400).end("missing Sec-WebSocket-Key");
    } else {
      return false;
    }
    return true;
  }

  /**
   * Refuses an upgrade with {@code status}, its reason phrase as the body (the reason itself is
   * logged).
   */
  public static void refuse(HttpServerRequest request, int status) {
    request.response().setStatusCode(status).end(HttpResponseStatus.valueOf(status).reasonPhrase());
  }

  /**
   * {@link #refuse(HttpServerRequest, int)} with a reason the client may read after the phrase;
   * null for none.
   */
  public static void refuse(HttpServerRequest request, int status, String detail) {
    if (detail == null) {
      refuse(request, status);
    } else {
      request
          .response()
          .setStatusCode(status)
          .putHeader(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end(HttpResponseStatus.valueOf(status).reasonPhrase() + ": " + detail);
    }
  }

  /**
   * Upgrades {@code request} (well-formed, admitted), on the current context: completes with the
   * socket once the 101 is written, reading paused until {@link ClientSocket#start}. Fails, the
   * channel closed, when it cannot.
   *
   * @param path the request's path as the gateway's own constant: one String for all its
   *     connections
   */
  public Future<ClientSocket> accept(HttpServerRequest request, String path) {
    Context context = Vertx.currentContext();
    Channel channel =
        ((HttpServerConnection) request.connection()).channelHandlerContext().channel();
    if (!channel.eventLoop().inEventLoop()) {
      // Every write of a session happens on its context; the channel must be on that same thread.
      channel.close();
      return Future.failedFuture("the connection's channel is not on its context's event loop");
    }
    NettyClientSocket socket =
        new NettyClientSocket(
            String.valueOf(request.remoteAddress()),
            path,
            headerBlock(request.headers()),
            limits,
            new VertxSessionContext((ContextInternal) context));
    FullHttpRequest upgrade = nettyRequest(request);
    WebSocketServerHandshaker handshaker = handshaker(request);
    Promise<ClientSocket> accepted = Promise.promise();
    // After the current read: Vert.x finishes with the request (its empty last content) before
    // losing the channel.
    context.runOnContext(v -> takeOver(channel, socket, handshaker, upgrade, context, accepted));
    return accepted.future();
  }

  private void takeOver(
      Channel channel,
      NettyClientSocket socket,
      WebSocketServerHandshaker handshaker,
      FullHttpRequest upgrade,
      Context context,
      Promise<ClientSocket> accepted) {
    if (!channel.isActive()) {
      accepted.fail("the client left before its upgrade");
      return;
    }
    ChannelPipeline pipeline = channel.pipeline();
    channel.config().setAutoRead(false);
    for (String name : VERTX_HANDLERS) {
      if (pipeline.get(name) != null) {
        pipeline.remove(name);
      }
    }
    // The Vert.x HTTP connection lives in this handler: replaced, nothing in the channel reaches it
    // any more.
    pipeline.replace("handler", SOCKET_HANDLER, socket);
    ChannelPromise written = channel.newPromise();
    handshaker.handshake(channel, upgrade, null, written);
    written.addListener(
        done ->
            context.runOnContext(
                v -> {
                  if (done.isSuccess() && channel.isActive()) {
                    socket.upgraded(
                        pipeline.context(socket),
                        pipeline.get(WebSocketExtensionEncoder.class) != null);
                    accepted.complete(socket);
                  } else {
                    channel.close();
                    accepted.fail(
                        done.cause() == null
                            ? new IllegalStateException("closed during the upgrade")
                            : done.cause());
                  }
                }));
  }

  private WebSocketServerHandshaker handshaker(HttpServerRequest request) {
    String scheme = request.isSSL() ? "wss://" : "ws://";
    return new WebSocketServerHandshakerFactory(
            scheme + request.getHeader(HttpHeaderNames.HOST) + request.path(), null, decoderConfig)
        .newHandshaker(nettyRequest(request));
  }

  private static FullHttpRequest nettyRequest(HttpServerRequest request) {
    HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
    request.headers().forEach(header -> headers.add(header.getKey(), header.getValue()));
    return new DefaultFullHttpRequest(
        HttpVersion.HTTP_1_1,
        HttpMethod.GET,
        request.uri(),
        Unpooled.EMPTY_BUFFER,
        headers,
        DefaultHttpHeadersFactory.trailersFactory().newHeaders());
  }

  /**
   * The handshake headers as {@code name:value} lines: the only copy of them a connection keeps.
   */
  static String headerBlock(MultiMap headers) {
    StringBuilder block = new StringBuilder(256);
    for (Map.Entry<String, String> header : headers) {
      block.append(header.getKey()).append(':').append(header.getValue()).append('\n');
    }
    return block.toString();
  }

  /**
   * The handler types a hijacked channel may hold, for tests that check nothing of Vert.x is left.
   */
  static boolean isEdgeHandler(ChannelHandler handler) {
    return handler instanceof SslHandler
        || handler instanceof IdleStateHandler
        || handler instanceof NettyClientSocket
        || handler.getClass().getName().startsWith("io.netty.handler.codec.http.websocketx.");
  }
}

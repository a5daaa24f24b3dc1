package dev.beacon.runtime.http;

import dev.beacon.runtime.metrics.BeaconMetrics;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.impl.HttpServerConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP/1.x connection that has not sent a whole request head within a deadline: from its
 * accept, and again from the end of each response (keep-alive). Vert.x has an idle timeout, which a
 * client defeats by sending a byte now and then; this counts from a fixed moment. Sits after
 * Vert.x's HTTP codec, so it sees decoded requests and responses; a WebSocket upgrade removes it
 * ({@link #NAME}).
 */
public final class HeaderReadDeadline extends ChannelDuplexHandler {

  /** Its name in the pipeline. */
  public static final String NAME = "beaconHeaderReadDeadline";

  /** Vert.x's name of its HTTP/1.x response encoder, which this handler follows. */
  private static final String VERTX_ENCODER = "httpEncoder";

  private final long timeoutNanos;
  private final Runnable onTimeout;
  private ScheduledFuture<?> timer;

  private HeaderReadDeadline(Duration timeout, Runnable onTimeout) {
    this.timeoutNanos = timeout.toNanos();
    this.onTimeout = onTimeout;
  }

  /**
   * A server whose every HTTP/1.x connection gets the deadline, counted by {@code onTimeout} when
   * it closes one; to do more with each connection, call {@link #install} from your own connection
   * handler instead.
   */
  public static HttpServer onEveryConnection(
      HttpServer server, Duration timeout, Runnable onTimeout) {
    return server.connectionHandler(connection -> install(connection, timeout, onTimeout));
  }

  /**
   * Counts each connection closed by the deadline as {@code
   * beacon_http_header_timeouts_total{server=...}}.
   */
  public static Runnable countedAs(String server) {
    Counter closed =
        Counter.builder("beacon_http_header_timeouts_total")
            .tag("server", server)
            .description(
                "HTTP connections closed because they sent no whole request head within BEACON_HTTP_HEADER_TIMEOUT")
            .register(BeaconMetrics.registry());
    return closed::increment;
  }

  /**
   * Puts the deadline on {@code connection}, just accepted; an HTTP/2 connection (no HTTP/1.x
   * codec) gets none.
   */
  public static void install(HttpConnection connection, Duration timeout, Runnable onTimeout) {
    ChannelPipeline pipeline = channel(connection).pipeline();
    if (pipeline.get(VERTX_ENCODER) != null && pipeline.get(NAME) == null) {
      pipeline.addAfter(VERTX_ENCODER, NAME, new HeaderReadDeadline(timeout, onTimeout));
    }
  }

  /** The Netty channel under a Vert.x server connection. */
  public static Channel channel(HttpConnection connection) {
    return ((HttpServerConnection) connection).channelHandlerContext().channel();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    arm(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      cancel();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ctx.write(msg, promise);
    if (msg instanceof LastHttpContent) {
      arm(ctx);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void arm(ChannelHandlerContext ctx) {
    if (timer == null && ctx.channel().isActive()) {
      timer =
          ctx.executor()
              .schedule(
                  () -> {
                    timer = null;
                    onTimeout.run();
                    ctx.close();
                  },
                  timeoutNanos,
                  TimeUnit.NANOSECONDS);
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}

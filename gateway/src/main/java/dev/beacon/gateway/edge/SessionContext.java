package dev.beacon.gateway.edge;

/**
 * The session's Vert.x context as a {@link NettyClientSocket} needs it around each listener call,
 * made current the way Vert.x does around its own handlers (sessions and the sinks behind them read
 * {@code Vertx.currentContext()}), and Vert.x's graceful-shutdown event recognised. Both need
 * Vert.x internals, so {@link WebSocketUpgrade} gives the implementation and the socket knows only
 * this.
 */
interface SessionContext {

  /** Makes the context current on this thread; returns what to hand to {@link #leave}. */
  Object enter();

  void leave(Object previous);

  /**
   * Whether {@code event} is Vert.x's graceful {@code HttpServer.shutdown} asking this channel to
   * finish.
   */
  boolean isShutdown(Object event);
}
